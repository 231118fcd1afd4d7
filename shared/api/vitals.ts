import { z } from 'zod';

/**
 * Physiologically possible limits: a value outside them is a typing error and
 * is refused. Values inside but outside the normal range are flagged instead.
 */
export const VITAL_LIMITS = {
  temperatureC: { min: 25, max: 45, unit: '°C', label: 'Temperature' },
  pulseBpm: { min: 20, max: 250, unit: 'beats/min', label: 'Pulse' },
  respiratoryRate: { min: 4, max: 90, unit: 'breaths/min', label: 'Respiratory rate' },
  systolicMmHg: { min: 50, max: 260, unit: 'mmHg', label: 'Systolic' },
  diastolicMmHg: { min: 20, max: 160, unit: 'mmHg', label: 'Diastolic' },
  weightKg: { min: 0.3, max: 300, unit: 'kg', label: 'Weight' },
  heightCm: { min: 20, max: 250, unit: 'cm', label: 'Height' },
  spo2Percent: { min: 50, max: 100, unit: '%', label: 'SpO₂' },
  muacCm: { min: 5, max: 50, unit: 'cm', label: 'MUAC' },
} as const;
export type VitalName = keyof typeof VITAL_LIMITS;

const measurement = (name: VitalName) => {
  const { min, max, unit, label } = VITAL_LIMITS[name];
  return z
    .number()
    .min(min, `${label} below ${min} ${unit} is not possible; check the reading`)
    .max(max, `${label} above ${max} ${unit} is not possible; check the reading`)
    .optional();
};

export const vitalValues = z
  .object({
    temperatureC: measurement('temperatureC'),
    pulseBpm: measurement('pulseBpm'),
    respiratoryRate: measurement('respiratoryRate'),
    systolicMmHg: measurement('systolicMmHg'),
    diastolicMmHg: measurement('diastolicMmHg'),
    weightKg: measurement('weightKg'),
    heightCm: measurement('heightCm'),
    spo2Percent: measurement('spo2Percent'),
    muacCm: measurement('muacCm'),
  })
  .strict()
  .refine((v) => Object.values(v).some((value) => value !== undefined), { message: 'Enter at least one measurement' })
  .refine((v) => (v.systolicMmHg === undefined) === (v.diastolicMmHg === undefined), {
    message: 'Enter both systolic and diastolic pressure',
    path: ['diastolicMmHg'],
  })
  .refine((v) => v.systolicMmHg === undefined || v.diastolicMmHg === undefined || v.diastolicMmHg < v.systolicMmHg, {
    message: 'Diastolic must be lower than systolic',
    path: ['diastolicMmHg'],
  });
export type VitalValues = z.infer<typeof vitalValues>;

/** What a flag means, so each interface language can word it; `message` is the English wording. */
export const VITAL_FLAG_CODES = [
  'fever',
  'hypothermia',
  'fastPulse',
  'slowPulse',
  'fastBreathing',
  'slowBreathing',
  'highBloodPressure',
  'lowBloodPressure',
  'hypoxaemia',
  'lowSaturation',
  'severeMalnutrition',
  'moderateMalnutrition',
  'lowAdultMuac',
  'underweight',
  'obesity',
  'overweight',
] as const;
export type VitalFlagCode = (typeof VITAL_FLAG_CODES)[number];

export const vitalFlag = z.object({
  vital: z.enum([...(Object.keys(VITAL_LIMITS) as VitalName[]), 'bmi']),
  level: z.enum(['low', 'high']),
  code: z.enum(VITAL_FLAG_CODES),
  message: z.string(),
});
export type VitalFlag = z.infer<typeof vitalFlag>;

export const vitalsView = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: z.string(),
  recordedAt: z.string(),
  recordedBy: z.string(),
  /** The recorder's display name; null when the account is not known on this workstation. */
  recordedByName: z.string().nullable(),
  values: z.record(z.string(), z.number()),
  bmi: z.number().nullable(),
  flags: z.array(vitalFlag),
  supersedesId: z.string().nullable(),
  amendmentReason: z.string().nullable(),
  /** Set when a later amendment replaced this reading; the original is kept. */
  supersededBy: z.string().nullable(),
});
export type VitalsView = z.infer<typeof vitalsView>;

export const vitalsContract = {
  'vitals.record': { input: z.object({ visitId: z.uuid(), values: vitalValues }).strict(), output: vitalsView },
  'vitals.amend': {
    input: z
      .object({
        vitalsId: z.uuid(),
        values: vitalValues,
        reason: z.string().trim().min(5, 'Say why the reading is corrected').max(300),
      })
      .strict(),
    output: vitalsView,
  },
  'vitals.forVisit': { input: z.object({ visitId: z.uuid() }).strict(), output: z.array(vitalsView) },
} as const;
