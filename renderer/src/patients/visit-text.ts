import type { VisitView } from '../../../shared/api/visits';
import { type VitalFlag, type VitalName, type VitalsView } from '../../../shared/api/vitals';
import { outcomeText, stageLabel } from '../clinical/clinical-text';
import { vitalLabel, vitalUnit } from '../clinical/vital-text';
import { i18n } from '../i18n';

/** "Open — at Triage", or "Closed — Referred out to Kilifi County Hospital". */
export function visitStateText(visit: VisitView): string {
  if (visit.closedAt === null) return i18n.t('patients.visitText.openAt', { stage: stageLabel(visit.stage) });
  if (visit.outcome === null) return i18n.t('patients.visitText.closed');
  return i18n.t('patients.visitText.closedWith', { outcome: outcomeText(visit) });
}

export function attendanceText(visit: VisitView): string {
  const attendance =
    visit.attendance === 'new' ? i18n.t('patients.visitText.newThisYear') : i18n.t('patients.visitText.reAttendance');
  return visit.referredFrom === null
    ? attendance
    : i18n.t('patients.visitText.referredFrom', { attendance, facility: visit.referredFrom });
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
        label: i18n.t('clinical.vital.bloodPressure'),
        value: diastolic === undefined ? number(value) : `${number(value)}/${number(diastolic)}`,
        unit: vitalUnit('systolicMmHg'),
        flags: flagsOf('systolicMmHg', 'diastolicMmHg'),
      });
      continue;
    }
    readings.push({
      key: name,
      label: vitalLabel(name),
      value: number(value),
      unit: vitalUnit(name),
      flags: flagsOf(name),
    });
  }
  if (vitals.bmi !== null) {
    readings.push({
      key: 'bmi',
      label: i18n.t('clinical.vital.bmi'),
      value: vitals.bmi.toFixed(1),
      unit: 'kg/m²',
      flags: flagsOf('bmi'),
    });
  }
  return readings;
}
