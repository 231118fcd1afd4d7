import { z } from 'zod';
import { KENYA_COUNTIES } from '../reference/counties';
import { SENSITIVITY_CATEGORIES } from '../security/sensitivity';

export const SEXES = ['female', 'male', 'intersex'] as const;
export const IDENTIFIER_TYPES = ['national_id', 'birth_certificate', 'sha_number', 'passport'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const IDENTIFIER_LABEL: Readonly<Record<IdentifierType, string>> = {
  national_id: 'National ID',
  birth_certificate: 'Birth certificate',
  sha_number: 'SHA number',
  passport: 'Passport',
};

const name = (max: number) => z.string().trim().min(1, 'Required').max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const isoDate = z.iso.date();

/** Kenyan mobile numbers, written 07…, 01…, or +254…; stored as +254XXXXXXXXX. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^(\+254|254|0)[17]\d{8}$/, 'Enter a Kenyan mobile number such as 0712 345 678'))
  .transform((value) => `+254${value.replace(/^(\+254|254|0)/, '')}`);

export const identifierSchema = z
  .object({
    type: z.enum(IDENTIFIER_TYPES),
    value: z
      .string()
      .trim()
      .min(3, 'Too short')
      .max(30)
      .regex(/^[A-Za-z0-9/-]+$/, 'Use letters, digits, / or - only'),
  })
  .strict();

/** Either a date of birth, or an age in years when the date is not known. */
export const birthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('date'), date: isoDate }).strict(),
  z.object({ kind: z.literal('estimated_age'), years: z.number().int().min(0).max(120) }).strict(),
]);

export const patientDetails = z
  .object({
    familyName: name(60),
    givenName: name(60),
    middleName: optionalText(60),
    sex: z.enum(SEXES),
    birth: birthSchema,
    phone: phoneSchema.optional(),
    residence: z
      .object({
        county: z.enum(KENYA_COUNTIES),
        subCounty: optionalText(60),
        village: optionalText(80),
      })
      .strict(),
    nextOfKin: z
      .object({ name: name(120), relationship: name(40), phone: phoneSchema.optional() })
      .strict()
      .optional(),
    identifiers: z
      .array(identifierSchema)
      .max(8)
      .refine((list) => new Set(list.map((item) => item.type)).size === list.length, 'One identifier of each type'),
    /** Registration under a sensitive programme (e.g. HIV care) hides the patient from users without that permission. */
    sensitivity: z.enum(SENSITIVITY_CATEGORIES).default('none'),
  })
  .strict();
export type PatientDetailsInput = z.input<typeof patientDetails>;

export const registerPatientInput = patientDetails.extend({
  /** Set after the user has seen the possible duplicates and decided this is a different person. */
  confirmedNotDuplicate: z.boolean().default(false),
});

export const patientView = z.object({
  id: z.string(),
  patientNumber: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  middleName: z.string().nullable(),
  sex: z.enum(SEXES),
  birthDate: z.string(),
  birthDateEstimated: z.boolean(),
  ageYears: z.number().int(),
  phone: z.string().nullable(),
  residence: z.object({ county: z.string(), subCounty: z.string().nullable(), village: z.string().nullable() }),
  nextOfKin: z.object({ name: z.string(), relationship: z.string(), phone: z.string().nullable() }).nullable(),
  identifiers: z.array(z.object({ type: z.enum(IDENTIFIER_TYPES), value: z.string() })),
  sensitivity: z.enum(SENSITIVITY_CATEGORIES),
  registeredAt: z.string(),
});
export type PatientView = z.infer<typeof patientView>;

export const patientSummary = patientView.pick({
  id: true,
  patientNumber: true,
  familyName: true,
  givenName: true,
  middleName: true,
  sex: true,
  ageYears: true,
  phone: true,
});
export type PatientSummary = z.infer<typeof patientSummary>;

export const duplicateCandidate = patientSummary.extend({
  reasons: z.array(z.enum(['phone', 'identifier', 'name_and_age'])),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;

export const patientsContract = {
  'patients.register': { input: registerPatientInput, output: patientView },
  'patients.findDuplicates': { input: patientDetails, output: z.array(duplicateCandidate) },
  'patients.update': { input: patientDetails.extend({ patientId: z.uuid() }).strict(), output: patientView },
  'patients.get': { input: z.object({ patientId: z.uuid() }).strict(), output: patientView },
  /** The patient register as CSV: demographics only, without patients hidden from the user. */
  'patients.export': {
    input: z.object({}).strict(),
    output: z.object({ filename: z.string(), csv: z.string(), rowCount: z.number().int() }),
  },
  'patients.search': {
    input: z
      .object({ query: z.string().trim().min(1).max(80), limit: z.number().int().min(1).max(50).default(20) })
      .strict(),
    output: z.array(patientSummary),
  },
} as const;
