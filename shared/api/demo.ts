import { z } from 'zod';

const demoSize = {
  patients: z.number().int().min(10, 'At least 10 patients').max(100_000, 'At most 100,000 patients').default(2000),
  seed: z.number().int().min(0).max(2_147_483_647).default(705),
};

export const demoCounts = z.object({
  patients: z.number().int(),
  visits: z.number().int(),
  vitals: z.number().int(),
  diagnoses: z.number().int(),
  prescriptions: z.number().int(),
  labOrders: z.number().int(),
  appointments: z.number().int(),
});
export type DemoCounts = z.infer<typeof demoCounts>;

export const DEMO_STATES = ['idle', 'running', 'done', 'failed'] as const;

/** Where the background demo fill is; the screen polls it for its progress bar. */
export const demoProgress = z.object({
  state: z.enum(DEMO_STATES),
  /** No patient is registered yet, so demo data may be added. */
  workstationEmpty: z.boolean(),
  patientsDone: z.number().int(),
  patientsTotal: z.number().int(),
  counts: demoCounts,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Plain language, for a failed fill; never a stack trace. */
  message: z.string().nullable(),
});
export type DemoProgress = z.infer<typeof demoProgress>;

export const demoContract = {
  /** Fills a workstation that has no patients yet with a synthetic facility, in one transaction (small sizes, scripts). */
  'demo.fill': { input: z.object(demoSize).strict(), output: demoCounts },
  /**
   * Starts filling an empty workstation with a synthetic facility in the
   * background, a chunk of patients per transaction, so the workstation stays
   * usable; `demo.progress` reports how far it is.
   */
  'demo.start': { input: z.object(demoSize).strict(), output: demoProgress },
  /** How far the background demo fill is (also whether the workstation is still empty). */
  'demo.progress': { input: z.object({}).strict(), output: demoProgress },
} as const;
