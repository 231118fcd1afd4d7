import { z } from 'zod';
import { SENSITIVITY_CATEGORIES } from '../security/sensitivity';
import { patientSummary } from './patients';
import { labTestEntry } from './reference';

export const RESULT_FLAGS = ['normal', 'low', 'high', 'abnormal', 'unknown'] as const;

export const labResultView = z.object({
  id: z.string(),
  value: z.union([z.number(), z.string()]),
  unit: z.string().nullable(),
  flag: z.enum(RESULT_FLAGS),
  referenceText: z.string().nullable(),
  resultedAt: z.string(),
  resultedBy: z.string(),
  resultedByName: z.string().nullable(),
  supersedesId: z.string().nullable(),
  amendmentReason: z.string().nullable(),
});
export type LabResultView = z.infer<typeof labResultView>;

export const labOrderView = z.object({
  id: z.string(),
  patientId: z.string(),
  visitId: z.string(),
  testCode: z.string(),
  testName: z.string(),
  kind: z.enum(['numeric', 'coded']),
  sensitivity: z.enum(SENSITIVITY_CATEGORIES),
  status: z.enum(['ordered', 'collected', 'resulted', 'cancelled']),
  orderedAt: z.string(),
  orderedBy: z.string(),
  orderedByName: z.string().nullable(),
  collectedAt: z.string().nullable(),
  /** Why a cancelled order will not be done; null otherwise. */
  cancelReason: z.string().nullable(),
  /** The current result (latest amendment), with every earlier version kept in history. */
  result: labResultView.nullable(),
  history: z.array(labResultView),
});
export type LabOrderView = z.infer<typeof labOrderView>;

/** An order on the lab's worklist, with the patient it is for. */
export const labWorklistEntry = labOrderView.extend({
  patient: patientSummary,
  /** The visit was closed before the test was done (the patient left). */
  visitClosed: z.boolean(),
});
export type LabWorklistEntry = z.infer<typeof labWorklistEntry>;

const resultValue = z.union([z.number().finite(), z.string().trim().min(1).max(120)]);

export const labsContract = {
  'reference.labTests': { input: z.object({}).strict(), output: z.array(labTestEntry) },
  'labs.order': {
    input: z.object({ visitId: z.uuid(), testCodes: z.array(z.string().min(1).max(80)).min(1).max(20) }).strict(),
    output: z.array(labOrderView),
  },
  'labs.collect': { input: z.object({ orderId: z.uuid() }).strict(), output: labOrderView },
  'labs.enterResult': { input: z.object({ orderId: z.uuid(), value: resultValue }).strict(), output: labOrderView },
  'labs.amendResult': {
    input: z.object({ orderId: z.uuid(), value: resultValue, reason: z.string().trim().min(5).max(300) }).strict(),
    output: labOrderView,
  },
  /** An order that will not be done (ordered in error, patient left, sample rejected); the reason is kept. */
  'labs.cancel': {
    input: z
      .object({ orderId: z.uuid(), reason: z.string().trim().min(5, 'Say why the test will not be done').max(200) })
      .strict(),
    output: labOrderView,
  },
  'labs.forVisit': { input: z.object({ visitId: z.uuid() }).strict(), output: z.array(labOrderView) },
  /** Orders waiting for a sample or a result, oldest first, across patients the caller may see: the lab's worklist. */
  'labs.worklist': { input: z.object({}).strict(), output: z.array(labWorklistEntry) },
} as const;
