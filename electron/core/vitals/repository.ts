import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
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
const VITAL_COLUMNS = Object.entries(COLUMN_OF) as [keyof VitalValues, (typeof COLUMN_OF)[keyof VitalValues]][];

type VitalsRow = Record<(typeof COLUMN_OF)[keyof typeof COLUMN_OF], number | null> & {
  id: string;
  patient_id: string;
  visit_id: string;
  recorded_at: string;
  created_by: string;
  recorded_by_name: string | null;
  supersedes_id: string | null;
  amendment_reason: string | null;
  superseded_by: string | null;
  birth_date: string;
};

/** Vital signs are append-only: an amendment is a new reading that supersedes the old one, which stays. */
export class VitalsRepository {
  // Prepared once: recording vitals is the busiest write of a triage desk.
  private readonly byId: Statement<[string], VitalsRow>;
  private readonly byVisit: Statement<[string], VitalsRow>;
  private readonly userName: Statement<[string], string>;

  constructor(
    db: Database,
    private readonly writer: RecordWriter,
  ) {
    this.byId = db.prepare<[string], VitalsRow>(`${SELECT} WHERE v.id = ?`);
    this.byVisit = db.prepare<[string], VitalsRow>(`${SELECT} WHERE v.visit_id = ? ORDER BY v.recorded_at, v.hlc`);
    this.userName = db.prepare<[string], string>('SELECT display_name FROM users WHERE id = ?').pluck();
  }

  record(
    patientId: string,
    visitId: string,
    values: VitalValues,
    ctx: WriteContext,
    amends?: { id: string; reason: string },
  ): string {
    return this.write(patientId, visitId, values, ctx, amends).id;
  }

  /**
   * Records a reading and returns it as `get` would read it back, built from
   * the row just written: nothing can have superseded it yet, and the flags
   * need only the patient's birth date, which the caller read with the visit.
   */
  recordAndView(
    visit: { id: string; patientId: string; patientBirthDate: string },
    values: VitalValues,
    ctx: WriteContext,
    amends?: { id: string; reason: string },
  ): VitalsView {
    const { row } = this.write(visit.patientId, visit.id, values, ctx, amends);
    return toView({
      ...(row as Omit<VitalsRow, 'birth_date' | 'recorded_by_name' | 'superseded_by'>),
      birth_date: visit.patientBirthDate,
      recorded_by_name: this.userName.get(ctx.userId) ?? null,
      superseded_by: null,
    });
  }

  private write(
    patientId: string,
    visitId: string,
    values: VitalValues,
    ctx: WriteContext,
    amends: { id: string; reason: string } | undefined,
  ) {
    const columns: Record<string, number | null> = {};
    for (const [key, column] of VITAL_COLUMNS) columns[column] = values[key] ?? null;
    return this.writer.insertRow(
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
    const row = this.byId.get(id);
    return row === undefined ? null : toView(row);
  }

  forVisit(visitId: string): VitalsView[] {
    return this.byVisit.all(visitId).map(toView);
  }
}

const SELECT = `SELECT v.*, p.birth_date, u.display_name AS recorded_by_name,
  (SELECT s.id FROM vital_signs s WHERE s.supersedes_id = v.id ORDER BY s.hlc DESC LIMIT 1) AS superseded_by
  FROM vital_signs v JOIN patients p ON p.id = v.patient_id LEFT JOIN users u ON u.id = v.created_by`;

/** Flags use the patient's age when the reading was taken. */
function toView(row: VitalsRow): VitalsView {
  const values: Record<string, number> = {};
  for (const [key, column] of VITAL_COLUMNS) {
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
    recordedByName: row.recorded_by_name,
    values,
    bmi,
    flags: vitalFlags(typed, ageInYears(row.birth_date, new Date(row.recorded_at)), bmi),
    supersedesId: row.supersedes_id,
    amendmentReason: row.amendment_reason,
    supersededBy: row.superseded_by,
  };
}
