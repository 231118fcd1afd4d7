import { z } from 'zod';
import { SENSITIVITY_CATEGORIES } from '../security/sensitivity';
import { diagnosisEntry } from './reference';

const diagnosisChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coded'), code: z.string().min(1).max(80) }).strict(),
  z
    .object({
      kind: z.literal('free_text'),
      text: z.string().trim().min(3, 'Describe the diagnosis').max(200),
      /** Free text has no list entry to carry a category: the clinician chooses it. */
      sensitivity: z.enum(SENSITIVITY_CATEGORIES),
    })
    .strict(),
]);

export const diagnosisInput = z
  .object({
    diagnosis: diagnosisChoice,
    /** New episode, or a repeat visit for the same episode (MOH 705 counts new ones only). */
    episode: z.enum(['new', 'repeat']),
  })
  .strict();

export const diagnosisView = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: z.string(),
  code: z.string().nullable(),
  label: z.string(),
  icd10: z.array(z.string()),
  episode: z.enum(['new', 'repeat']),
  sensitivity: z.enum(SENSITIVITY_CATEGORIES),
  status: z.enum(['active', 'retracted']),
  recordedAt: z.string(),
  recordedBy: z.string(),
  recordedByName: z.string().nullable(),
  supersedesId: z.string().nullable(),
  amendmentReason: z.string().nullable(),
  supersededBy: z.string().nullable(),
});
export type DiagnosisView = z.infer<typeof diagnosisView>;

export const diagnosesContract = {
  'reference.searchDiagnoses': {
    input: z.object({ query: z.string().trim().min(1).max(80) }).strict(),
    output: z.array(diagnosisEntry),
  },
  'diagnoses.record': { input: diagnosisInput.extend({ visitId: z.uuid() }).strict(), output: diagnosisView },
  'diagnoses.amend': {
    input: z
      .object({
        diagnosisId: z.uuid(),
        /** The corrected diagnosis, or null to retract it as entered in error. */
        correction: diagnosisInput.nullable(),
        reason: z.string().trim().min(5, 'Say why the diagnosis is corrected').max(300),
      })
      .strict(),
    output: diagnosisView,
  },
  'diagnoses.forVisit': { input: z.object({ visitId: z.uuid() }).strict(), output: z.array(diagnosisView) },
} as const;
