import { z } from 'zod';

export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe', 'unknown'] as const;

export const allergyView = z.object({
  id: z.string(),
  patientId: z.string(),
  allergen: z.string(),
  reaction: z.string().nullable(),
  severity: z.enum(ALLERGY_SEVERITIES),
  active: z.boolean(),
  recordedAt: z.string(),
});
export type AllergyView = z.infer<typeof allergyView>;

export const allergiesContract = {
  'allergies.record': {
    input: z
      .object({
        patientId: z.uuid(),
        allergen: z.string().trim().min(2).max(120),
        reaction: z.string().trim().max(200).optional(),
        severity: z.enum(ALLERGY_SEVERITIES),
      })
      .strict(),
    output: z.array(allergyView),
  },
  /** Marks an allergy as entered in error or no longer present; it stays in the history. */
  'allergies.deactivate': { input: z.object({ allergyId: z.uuid() }).strict(), output: z.array(allergyView) },
  'allergies.forPatient': { input: z.object({ patientId: z.uuid() }).strict(), output: z.array(allergyView) },
} as const;
