import { z } from 'zod';
import { i18n } from '../i18n';
import { issueText } from '../i18n/validation';
import { vitalLabel, vitalUnit } from './vital-text';
import type { CommandFailure } from '../../../shared/api/errors';
import {
  VITAL_LIMITS,
  vitalValues,
  vitalsContract,
  type VitalFlag,
  type VitalName,
  type VitalValues,
  type VitalsView,
} from '../../../shared/api/vitals';

/** The order staff take and read vitals in, and how each is laid out on the form. */
export const VITAL_FIELDS = [
  'temperatureC',
  'pulseBpm',
  'respiratoryRate',
  'systolicMmHg',
  'diastolicMmHg',
  'spo2Percent',
  'weightKg',
  'heightCm',
  'muacCm',
] as const satisfies readonly VitalName[];

/** What a person types: text, so "37,5", "" and half-typed numbers are theirs until they leave the field. */
export type VitalsEntry = Record<VitalName, string>;

export const EMPTY_VITALS: VitalsEntry = {
  temperatureC: '',
  pulseBpm: '',
  respiratoryRate: '',
  systolicMmHg: '',
  diastolicMmHg: '',
  weightKg: '',
  heightCm: '',
  spo2Percent: '',
  muacCm: '',
};

/** Decimal places worth typing for each measurement. */
const DECIMALS: Readonly<Record<VitalName, number>> = {
  temperatureC: 1,
  pulseBpm: 0,
  respiratoryRate: 0,
  systolicMmHg: 0,
  diastolicMmHg: 0,
  weightKg: 1,
  heightCm: 1,
  spo2Percent: 0,
  muacCm: 1,
};

const NUMBER = /^\d+(?:[.,]\d+)?$/;

/** The number typed, accepting a decimal comma; undefined for an empty field, NaN for something else. */
export function parseMeasurement(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return NUMBER.test(trimmed) ? Number(trimmed.replace(',', '.')) : Number.NaN;
}

/** "Possible 25–45": the hint under each field (its unit is beside it), from the shared limits. */
export function limitHint(name: VitalName): string {
  const { min, max } = VITAL_LIMITS[name];
  return i18n.t('clinical.vitalsForm.possible', { min, max });
}

/** The typed values as the contract takes them; fields left empty are left out. */
export function toVitalValues(entry: VitalsEntry): VitalValues {
  const values: VitalValues = {};
  for (const name of VITAL_FIELDS) {
    const value = parseMeasurement(entry[name]);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** A reading's values back as text, for correcting it. */
export function toVitalsEntry(values: Readonly<Record<string, number>>): VitalsEntry {
  const entry = { ...EMPTY_VITALS };
  for (const name of VITAL_FIELDS) {
    const value = values[name];
    if (value !== undefined) entry[name] = String(value);
  }
  return entry;
}

const isVitalName = (value: unknown): value is VitalName =>
  typeof value === 'string' && (VITAL_FIELDS as readonly string[]).includes(value);

const measurementFields = Object.fromEntries(VITAL_FIELDS.map((name) => [name, z.string()])) as Record<
  VitalName,
  z.ZodString
>;

/**
 * Each field must be a number, then the shared contract's own rules (possible
 * limits, both blood pressures, at least one value) apply, each message on its
 * field. A message about the whole reading goes to `root`.
 */
function checkVitals(entry: VitalsEntry, ctx: z.RefinementCtx): void {
  let typedBadly = false;
  for (const name of VITAL_FIELDS) {
    const value = parseMeasurement(entry[name]);
    if (value !== undefined && Number.isNaN(value)) {
      typedBadly = true;
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message:
          DECIMALS[name] > 0
            ? i18n.t('clinical.vitalsForm.enterNumber', { example: exampleOf(name) })
            : i18n.t('clinical.vitalsForm.enterWhole'),
      });
    }
  }
  if (typedBadly) return;
  const parsed = vitalValues.safeParse(toVitalValues(entry));
  if (parsed.success) return;
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    ctx.addIssue({ code: 'custom', message: issueText(issue), path: isVitalName(field) ? [field] : ['root'] });
  }
}

/** The form that records a reading: its output is the contract's `values`. */
export const vitalsForm = z.object(measurementFields).superRefine(checkVitals).transform(toVitalValues);

export type VitalsCorrectionEntry = VitalsEntry & { reason: string };

const correctionReason = vitalsContract['vitals.amend'].input.shape.reason;

/** The form that corrects a reading: the new values and why. */
export const vitalsCorrectionForm = z
  .object({ ...measurementFields, reason: z.string() })
  .superRefine((entry, ctx) => {
    checkVitals(entry, ctx);
    const reason = correctionReason.safeParse(entry.reason);
    if (!reason.success) {
      for (const issue of reason.error.issues)
        ctx.addIssue({ code: 'custom', message: issueText(issue), path: ['reason'] });
    }
  })
  .transform((entry) => ({ values: toVitalValues(entry), reason: entry.reason.trim() }));

function exampleOf(name: VitalName): string {
  const { min, max } = VITAL_LIMITS[name];
  return ((min + max) / 2).toFixed(DECIMALS[name]);
}

/** Core names the contract's paths (`values.temperatureC`); the form's fields are the vitals themselves. */
export function onVitalsFields(failure: CommandFailure): CommandFailure {
  if (failure.issues === undefined) return failure;
  return {
    ...failure,
    issues: failure.issues.map((issue) => ({
      ...issue,
      path: issue.path.startsWith('values.') ? issue.path.slice('values.'.length) : issue.path,
    })),
  };
}

/** BMI as core computes it (one decimal), while the user types; null until weight and height are both possible. */
export function liveBmi(entry: Pick<VitalsEntry, 'weightKg' | 'heightCm'>): number | null {
  const weight = parseMeasurement(entry.weightKg);
  const height = parseMeasurement(entry.heightCm);
  if (weight === undefined || height === undefined || Number.isNaN(weight) || Number.isNaN(height)) return null;
  const { weightKg, heightCm } = VITAL_LIMITS;
  if (weight < weightKg.min || weight > weightKg.max || height < heightCm.min || height > heightCm.max) return null;
  const metres = height / 100;
  return Math.round((weight / (metres * metres)) * 10) / 10;
}

/** A value with its unit as staff read it: "38.6 °C", "150/95 mmHg", "97 %". */
export function formatVital(name: VitalName, value: number): string {
  return `${value} ${vitalUnit(name)}`;
}

/** One line per measurement of a reading, blood pressure as one, with the flags that concern it. */
export interface ReadingLine {
  key: VitalName | 'bloodPressure' | 'bmi';
  label: string;
  value: string;
  flags: VitalFlag[];
}

export function readingLines(reading: Pick<VitalsView, 'values' | 'bmi' | 'flags'>): ReadingLine[] {
  const { values, flags } = reading;
  const flagsOf = (...names: VitalFlag['vital'][]) => flags.filter((flag) => names.includes(flag.vital));
  const lines: ReadingLine[] = [];
  for (const name of VITAL_FIELDS) {
    if (name === 'diastolicMmHg') continue;
    if (name === 'systolicMmHg') {
      const systolic = values['systolicMmHg'];
      const diastolic = values['diastolicMmHg'];
      if (systolic !== undefined && diastolic !== undefined) {
        lines.push({
          key: 'bloodPressure',
          label: i18n.t('clinical.vital.bloodPressure'),
          value: `${systolic}/${diastolic} mmHg`,
          flags: flagsOf('systolicMmHg', 'diastolicMmHg'),
        });
      }
      continue;
    }
    const value = values[name];
    if (value !== undefined) {
      lines.push({ key: name, label: vitalLabel(name), value: formatVital(name, value), flags: flagsOf(name) });
    }
    if (name === 'heightCm' && reading.bmi !== null) {
      lines.push({
        key: 'bmi',
        label: i18n.t('clinical.vital.bmi'),
        value: reading.bmi.toFixed(1),
        flags: flagsOf('bmi'),
      });
    }
  }
  return lines;
}

/** The reading in force: the newest one no correction has replaced. */
export function currentReading(readings: readonly VitalsView[]): VitalsView | null {
  for (let index = readings.length - 1; index >= 0; index -= 1) {
    const reading = readings[index];
    if (reading !== undefined && reading.supersededBy === null) return reading;
  }
  return null;
}
