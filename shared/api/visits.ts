import { z } from 'zod';
import { patientSummary, patientView } from './patients';

export const VISIT_STAGES = ['triage', 'clinician', 'lab', 'pharmacy', 'done'] as const;
export type VisitStage = (typeof VISIT_STAGES)[number];
export const VISIT_OUTCOMES = ['discharged', 'referred_out', 'admitted', 'died'] as const;

export const STAGE_LABEL: Readonly<Record<VisitStage, string>> = {
  triage: 'Triage',
  clinician: 'Clinician',
  lab: 'Laboratory',
  pharmacy: 'Pharmacy',
  done: 'Done',
};

export const visitView = z.object({
  id: z.string(),
  patientId: z.string(),
  checkedInAt: z.string(),
  /** New: first visit to this facility this calendar year (MOH 705 "new attendance"). */
  attendance: z.enum(['new', 'revisit']),
  referredFrom: z.string().nullable(),
  stage: z.enum(VISIT_STAGES),
  outcome: z.enum(VISIT_OUTCOMES).nullable(),
  referralDestination: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type VisitView = z.infer<typeof visitView>;

export const queueEntry = visitView.extend({ patient: patientSummary });
export type QueueEntry = z.infer<typeof queueEntry>;

/** One visit with its patient, for the screens that work on it. */
export const visitDetail = visitView.extend({ patient: patientView });
export type VisitDetail = z.infer<typeof visitDetail>;
const closeVisitInput = z.discriminatedUnion('outcome', [
  z.object({ visitId: z.uuid(), outcome: z.literal('discharged') }).strict(),
  z.object({ visitId: z.uuid(), outcome: z.literal('admitted') }).strict(),
  z.object({ visitId: z.uuid(), outcome: z.literal('died') }).strict(),
  z
    .object({
      visitId: z.uuid(),
      outcome: z.literal('referred_out'),
      destination: z.string().trim().min(2, 'Name the facility the patient is referred to').max(120),
    })
    .strict(),
]);

export const visitsContract = {
  'visits.checkIn': {
    input: z.object({ patientId: z.uuid(), referredFrom: z.string().trim().min(2).max(120).optional() }).strict(),
    output: visitView,
  },
  'visits.queue': {
    input: z.object({ stage: z.enum(VISIT_STAGES).optional() }).strict(),
    output: z.array(queueEntry),
  },
  'visits.moveStage': {
    input: z.object({ visitId: z.uuid(), stage: z.enum(VISIT_STAGES).exclude(['done']) }).strict(),
    output: visitView,
  },
  'visits.close': { input: closeVisitInput, output: visitView },
  /** One visit and its patient, if the caller may see the patient. */
  'visits.get': { input: z.object({ visitId: z.uuid() }).strict(), output: visitDetail },
  /** The patient's visits, newest first. */
  'visits.forPatient': { input: z.object({ patientId: z.uuid() }).strict(), output: z.array(visitView) },
} as const;
