import { z } from 'zod';
import { SENSITIVITY_CATEGORIES } from '../security/sensitivity';

/**
 * Clinical reference data shipped in `resources/reference/` (diagnoses, MOH 705
 * rows, formulary, lab tests). Core validates the files with these schemas when
 * it loads them; the renderer uses the same types for what core sends it.
 * Every object is strict: a misspelt key in a data file is an error, not a
 * silently ignored field.
 */

/** A stable identifier: lower-case words joined by single hyphens, e.g. `malaria-confirmed`. */
export const REFERENCE_CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A WHO ICD-10 code: a 3-character category with an optional subdivision, e.g. `B54`, `B50.9`, `O06.4`. */
export const ICD10_PATTERN = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,2})?$/;

const referenceCode = z.string().regex(REFERENCE_CODE_PATTERN, 'Use lower-case words joined by hyphens');
const text = z.string().trim().min(1).max(200);
const sensitivity = z.enum(SENSITIVITY_CATEGORIES);

/** Pairs of entries whose `code` repeats, for the uniqueness refinements below. */
function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) repeated.add(value);
    seen.add(value);
  }
  return [...repeated];
}

function uniqueCodes<T extends { code: string }>(entry: z.ZodType<T>) {
  return z.array(entry).superRefine((entries, ctx) => {
    for (const code of duplicates(entries.map((e) => e.code))) {
      ctx.addIssue({
        code: 'custom',
        message: `Duplicate code "${code}"`,
        path: [entries.findLastIndex((e) => e.code === code), 'code'],
      });
    }
  });
}

// ---------------------------------------------------------------------------
// MOH 705A / 705B rows

export const MOH705_FORMS = ['moh705a', 'moh705b'] as const;
export type Moh705Form = (typeof MOH705_FORMS)[number];

export const MOH705_ROW_KINDS = ['diagnosis', 'attendance', 'referral', 'test', 'death'] as const;
export type Moh705RowKind = (typeof MOH705_ROW_KINDS)[number];

export const moh705Row = z
  .object({
    name: text,
    kind: z.enum(MOH705_ROW_KINDS),
    /** The KHIS (DHIS2) data element code of the row; unknown so far, so configurable and null until confirmed. */
    khisDataElement: z.string().trim().min(1).nullable(),
    /** Rows of kind `test`: the lab tests (codes in lab-tests.json) whose results count in this row. */
    labTests: z.array(referenceCode).min(1).optional(),
    /** Rows of kind `death`: the diagnosis row whose patients are counted here when the visit outcome is death. */
    deathsOf: text.optional(),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .strict();
export type Moh705Row = z.infer<typeof moh705Row>;

export const moh705FormRows = z
  .object({
    title: text,
    /** Ages covered, in completed years at the end of the reporting month; `maxAgeYears` is exclusive. */
    minAgeYears: z.number().int().min(0),
    maxAgeYears: z.number().int().positive().nullable(),
    /** The row that counts a new diagnosis with no row of its own on this form (or mapped to null for this form). */
    fallbackRow: text,
    rows: z.array(moh705Row).min(1),
  })
  .strict()
  .superRefine((form, ctx) => {
    const names = form.rows.map((row) => row.name);
    for (const name of duplicates(names))
      ctx.addIssue({ code: 'custom', message: `Duplicate row "${name}"`, path: ['rows'] });
    const fallback = form.rows.find((row) => row.name === form.fallbackRow);
    if (fallback?.kind !== 'diagnosis') {
      ctx.addIssue({
        code: 'custom',
        message: 'fallbackRow must name a diagnosis row of this form',
        path: ['fallbackRow'],
      });
    }
    form.rows.forEach((row, index) => {
      if ((row.kind === 'test') !== (row.labTests !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          message: 'labTests is required on test rows and only there',
          path: ['rows', index, 'labTests'],
        });
      }
      if ((row.kind === 'death') !== (row.deathsOf !== undefined)) {
        ctx.addIssue({
          code: 'custom',
          message: 'deathsOf is required on death rows and only there',
          path: ['rows', index, 'deathsOf'],
        });
      }
      if (
        row.deathsOf !== undefined &&
        !form.rows.some((other) => other.name === row.deathsOf && other.kind === 'diagnosis')
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `deathsOf "${row.deathsOf}" is not a diagnosis row of this form`,
          path: ['rows', index, 'deathsOf'],
        });
      }
    });
  });
export type Moh705FormRows = z.infer<typeof moh705FormRows>;

export const moh705RowsFile = z
  .object({
    source: z.string().trim().min(1),
    notes: z.array(z.string().trim().min(1)),
    moh705a: moh705FormRows,
    moh705b: moh705FormRows,
  })
  .strict();
export type Moh705RowsFile = z.infer<typeof moh705RowsFile>;

// ---------------------------------------------------------------------------
// Diagnoses

export const diagnosisEntry = z
  .object({
    code: referenceCode,
    label: text,
    /** WHO ICD-10 codes, the one a clinician would normally record first. */
    icd10: z.array(z.string().regex(ICD10_PATTERN, 'Not an ICD-10 code such as B54 or B50.9')).min(1),
    /** The exact MOH 705A (under 5) row this diagnosis counts in, or null when it does not occur under 5. */
    moh705a: text.nullable(),
    /** The exact MOH 705B (5 and over) row, or null when it does not occur at 5 and over. */
    moh705b: text.nullable(),
    sensitivity,
    /** Other terms staff type for it: abbreviations, lay and Swahili names. */
    synonyms: z.array(text),
  })
  .strict();
export type Diagnosis = z.infer<typeof diagnosisEntry>;
export const diagnosesFile = uniqueCodes(diagnosisEntry);

// ---------------------------------------------------------------------------
// Formulary

export const DOSAGE_FORMS = [
  'tablet',
  'dispersible tablet',
  'capsule',
  'syrup',
  'suspension',
  'oral solution',
  'sachet',
  'paste',
  'injection',
  'infusion',
  'cream',
  'ointment',
  'lotion',
  'solution',
  'eye drops',
  'eye ointment',
  'ear drops',
  'inhaler',
  'nebuliser solution',
  'pessary',
  'suppository',
] as const;
export type DosageForm = (typeof DOSAGE_FORMS)[number];

export const ROUTES = [
  'oral',
  'intravenous',
  'intramuscular',
  'subcutaneous',
  'intradermal',
  'infiltration',
  'topical',
  'ophthalmic',
  'otic',
  'inhalation',
  'rectal',
  'vaginal',
] as const;
export type Route = (typeof ROUTES)[number];

/** What the pharmacist counts out: the quantity of a prescription is a number of these. */
export const DISPENSING_UNITS = [
  'tablet',
  'capsule',
  'bottle',
  'tube',
  'vial',
  'ampoule',
  'sachet',
  'pessary',
  'suppository',
  'inhaler',
  'nebule',
  'cycle',
  'dose',
] as const;
export type DispensingUnit = (typeof DISPENSING_UNITS)[number];

export const DRUG_CATEGORIES = [
  'antimalarial',
  'antibiotic',
  'antituberculosis',
  'antiretroviral',
  'antifungal',
  'antiviral',
  'anthelmintic',
  'analgesic',
  'ORS/zinc',
  'nutrition',
  'vitamins and minerals',
  'respiratory',
  'corticosteroid',
  'cardiovascular',
  'antidiabetic',
  'antihistamine',
  'gastrointestinal',
  'mental health',
  'antiepileptic',
  'obstetric',
  'family planning',
  'dermatological',
  'antiseptic',
  'ophthalmic and otic',
  'vaccine',
  'antivenom',
  'emergency',
  'intravenous fluid',
  'anaesthetic',
] as const;
export type DrugCategory = (typeof DRUG_CATEGORIES)[number];

export const drugEntry = z
  .object({
    code: referenceCode,
    /** Generic (INN) name; combinations joined with "/". */
    name: text,
    strength: text,
    form: z.enum(DOSAGE_FORMS),
    routes: z.array(z.enum(ROUTES)).min(1),
    unit: z.enum(DISPENSING_UNITS),
    category: z.enum(DRUG_CATEGORIES),
    sensitivity,
  })
  .strict();
export type Drug = z.infer<typeof drugEntry>;
export const formularyFile = uniqueCodes(drugEntry);

// ---------------------------------------------------------------------------
// Lab tests

export const REFERENCE_SEXES = ['female', 'male'] as const;
export const SPECIMENS = ['blood', 'serum', 'plasma', 'urine', 'stool', 'sputum'] as const;
export type Specimen = (typeof SPECIMENS)[number];

/**
 * One reference interval. It applies to patients of `sex` (both when absent)
 * whose age in years is at least `minAgeYears` and below `maxAgeYears`.
 * A result is abnormal below `low` or above `high`; `text` is what the lab
 * report prints.
 */
export const referenceRange = z
  .object({
    sex: z.enum(REFERENCE_SEXES).optional(),
    minAgeYears: z.number().min(0).optional(),
    maxAgeYears: z.number().positive().optional(),
    low: z.number().optional(),
    high: z.number().optional(),
    text: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((range) => range.low !== undefined || range.high !== undefined || range.text !== undefined, {
    message: 'A range needs low, high or text',
  })
  .refine((range) => range.low === undefined || range.high === undefined || range.low <= range.high, {
    message: 'low must not exceed high',
    path: ['high'],
  })
  .refine(
    (range) =>
      range.minAgeYears === undefined || range.maxAgeYears === undefined || range.minAgeYears < range.maxAgeYears,
    { message: 'minAgeYears must be below maxAgeYears', path: ['maxAgeYears'] },
  );
export type ReferenceRange = z.infer<typeof referenceRange>;

const labTestCommon = {
  code: referenceCode,
  name: text,
  specimen: z.enum(SPECIMENS),
  /** Tests shown and ordered together, e.g. "Urinalysis (dipstick)". */
  panel: text.optional(),
  sensitivity,
};

export const numericLabTest = z
  .object({
    ...labTestCommon,
    kind: z.literal('numeric'),
    unit: z.string().trim().min(1).max(30),
    referenceRanges: z.array(referenceRange).min(1),
  })
  .strict();
export type NumericLabTest = z.infer<typeof numericLabTest>;

export const codedLabTest = z
  .object({
    ...labTestCommon,
    kind: z.literal('coded'),
    options: z.array(text).min(2),
    /** The options flagged as abnormal; may be empty when no result is abnormal in itself (a pregnancy test). */
    abnormalOptions: z.array(text),
  })
  .strict()
  .superRefine((test, ctx) => {
    for (const option of duplicates(test.options))
      ctx.addIssue({ code: 'custom', message: `Duplicate option "${option}"`, path: ['options'] });
    test.abnormalOptions.forEach((option, index) => {
      if (!test.options.includes(option)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${option}" is not one of the options`,
          path: ['abnormalOptions', index],
        });
      }
    });
  });
export type CodedLabTest = z.infer<typeof codedLabTest>;

export const labTestEntry = z.discriminatedUnion('kind', [numericLabTest, codedLabTest]);
export type LabTest = z.infer<typeof labTestEntry>;
export const labTestsFile = uniqueCodes(labTestEntry);

/** How a result compares with its reference: `unknown` when no range applies to the patient. */
export const RESULT_FLAGS = ['normal', 'low', 'high', 'abnormal', 'unknown'] as const;
export type ResultFlag = (typeof RESULT_FLAGS)[number];
