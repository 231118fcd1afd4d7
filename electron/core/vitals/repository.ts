import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { VitalValues, VitalsView } from '../../../shared/api/vitals';
import { ageInYears } from '../patients/repository';
import type { RecordWriter, WriteContext } from '../records/writer';
import { VITAL_SIGNS } from '../visits/schema';
import { bodyMassIndex, vitalFlags } from './flags';

const COLUMN_OF = {
  temperatureC: 'temperature_c',
  pulseBpm: 'pulse_bpm',
  respiratoryRate: 'respiratory_rate',
  systolicMmHg: 'systolic_mmhg',
  diastolicMmHg: 'diastolic_mmhg',
  weightKg: 'weight_kg',
  heightCm: 'height_cm',
  spo2Percent: 'spo2_percent',
  muacCm: 'muac_cm',
} as const satisfies Record<keyof VitalValues, string>;

type VitalsRow = Record<(typeof COLUMN_OF)[keyof typeof COLUMN_OF], number | null> & {
  id: string;
  patient_id: string;
  visit_id: string;
  recorded_at: string;
  created_by: string;
  supersedes_id: string | null;
  amendment_reason: string | null;
  superseded_by: string | null;
  birth_date: string;
};

/** Vital signs are append-only: an amendment is a new reading that supersedes the old one, which stays. */
export class VitalsRepository {
  constructor(
    private readonly db: Database,
    private readonly writer: RecordWriter,
  ) {}

  record(
    patientId: string,
    visitId: string,
    values: VitalValues,
    ctx: WriteContext,
    amends?: { id: string; reason: string },
  ): string {
    const columns = Object.fromEntries(
      Object.entries(COLUMN_OF).map(([key, column]) => [column, values[key as keyof VitalValues] ?? null]),
    );
    return this.writer.insert(
      VITAL_SIGNS,
      {
        ...columns,
        patient_id: patientId,
        visit_id: visitId,
        recorded_at: ctx.now.toISOString(),
        supersedes_id: amends?.id ?? null,
        amendment_reason: amends?.reason ?? null,
      },
      ctx,
    );
  }

  get(id: string): VitalsView | null {
    const row = this.db.prepare(`${SELECT} WHERE v.id = ?`).get(id) as VitalsRow | undefined;
    return row === undefined ? null : toView(row);
  }

  forVisit(visitId: string): VitalsView[] {
    return (
      this.db.prepare(`${SELECT} WHERE v.visit_id = ? ORDER BY v.recorded_at, v.hlc`).all(visitId) as VitalsRow[]
    ).map(toView);
  }
}

const SELECT = `SELECT v.*, p.birth_date,
  (SELECT s.id FROM vital_signs s WHERE s.supersedes_id = v.id ORDER BY s.hlc DESC LIMIT 1) AS superseded_by
  FROM vital_signs v JOIN patients p ON p.id = v.patient_id`;

/** Flags use the patient's age when the reading was taken. */
function toView(row: VitalsRow): VitalsView {
  const values: Record<string, number> = {};
  for (const [key, column] of Object.entries(COLUMN_OF)) {
    const value = row[column];
    if (value !== null) values[key] = value;
  }
  const typed = values as VitalValues;
  const bmi = bodyMassIndex(typed.weightKg, typed.heightCm);
  return {
    id: row.id,
    patientId: row.patient_id,
    visitId: row.visit_id,
    recordedAt: row.recorded_at,
    recordedBy: row.created_by,
    values,
    bmi,
    flags: vitalFlags(typed, ageInYears(row.birth_date, new Date(row.recorded_at)), bmi),
    supersedesId: row.supersedes_id,
    amendmentReason: row.amendment_reason,
    supersededBy: row.superseded_by,
  };
}
