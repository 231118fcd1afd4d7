import { z } from 'zod';

export const CONSENT_KINDS = ['care', 'data_processing'] as const;
export const CONSENT_DECISIONS = ['given', 'declined', 'withdrawn'] as const;

export const consentView = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: z.enum(CONSENT_KINDS),
  purpose: z.string(),
  noticeVersion: z.string(),
  decision: z.enum(CONSENT_DECISIONS),
  decidedAt: z.string(),
  recordedBy: z.string(),
  recordedByName: z.string().nullable(),
});
export type ConsentView = z.infer<typeof consentView>;

export const consentState = z.object({
  /** The latest decision of each kind, or null when none was recorded. */
  care: consentView.nullable(),
  dataProcessing: consentView.nullable(),
  history: z.array(consentView),
});
export type ConsentState = z.infer<typeof consentState>;

export const consentContract = {
  'consent.record': {
    input: z
      .object({
        patientId: z.uuid(),
        kind: z.enum(CONSENT_KINDS),
        purpose: z.string().trim().min(3).max(200),
        noticeVersion: z.string().trim().min(1).max(20),
        decision: z.enum(CONSENT_DECISIONS),
      })
      .strict(),
    output: consentState,
  },
  'consent.forPatient': { input: z.object({ patientId: z.uuid() }).strict(), output: consentState },
} as const;
