import { STAGE_LABEL, type VisitView } from '../../../shared/api/visits';
import { VITAL_LIMITS, type VitalFlag, type VitalName, type VitalsView } from '../../../shared/api/vitals';

export const OUTCOME_LABEL: Readonly<Record<NonNullable<VisitView['outcome']>, string>> = {
  discharged: 'Discharged',
  referred_out: 'Referred out',
  admitted: 'Admitted',
  died: 'Died',
};

/** "Open — at Triage", or "Closed — Referred out to Kilifi County Hospital". */
export function visitStateText(visit: VisitView): string {
  if (visit.closedAt === null) return `Open — at ${STAGE_LABEL[visit.stage]}`;
  if (visit.outcome === null) return 'Closed';
  const outcome = OUTCOME_LABEL[visit.outcome];
  return visit.outcome === 'referred_out' && visit.referralDestination !== null
    ? `Closed — ${outcome} to ${visit.referralDestination}`
    : `Closed — ${outcome}`;
}

export function attendanceText(visit: VisitView): string {
  const attendance = visit.attendance === 'new' ? 'New attendance this year' : 'Re-attendance';
  return visit.referredFrom === null ? attendance : `${attendance}, referred from ${visit.referredFrom}`;
}

/** One measurement as shown: its label, value with unit, and the flags raised about it. */
export interface VitalReading {
  key: string;
  label: string;
  value: string;
  unit: string;
  flags: readonly VitalFlag[];
}

const ORDER: readonly VitalName[] = [
  'temperatureC',
  'pulseBpm',
  'respiratoryRate',
  'systolicMmHg',
  'spo2Percent',
  'weightKg',
  'heightCm',
  'muacCm',
];

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1).replace(/\.0$/, ''));

/** A reading's measurements in the usual order, blood pressure as one "150/95", then BMI. */
export function vitalReadings(vitals: Pick<VitalsView, 'values' | 'bmi' | 'flags'>): VitalReading[] {
  const readings: VitalReading[] = [];
  const flagsOf = (...names: string[]) => vitals.flags.filter((flag) => names.includes(flag.vital));
  for (const name of ORDER) {
    const value = vitals.values[name];
    if (value === undefined) continue;
    if (name === 'systolicMmHg') {
      const diastolic = vitals.values['diastolicMmHg'];
      readings.push({
        key: 'bloodPressure',
        label: 'Blood pressure',
        value: diastolic === undefined ? number(value) : `${number(value)}/${number(diastolic)}`,
        unit: VITAL_LIMITS.systolicMmHg.unit,
        flags: flagsOf('systolicMmHg', 'diastolicMmHg'),
      });
      continue;
    }
    const { label, unit } = VITAL_LIMITS[name];
    readings.push({ key: name, label, value: number(value), unit, flags: flagsOf(name) });
  }
  if (vitals.bmi !== null) {
    readings.push({ key: 'bmi', label: 'BMI', value: vitals.bmi.toFixed(1), unit: 'kg/m²', flags: flagsOf('bmi') });
  }
  return readings;
}
