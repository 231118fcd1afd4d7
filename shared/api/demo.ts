import { z } from 'zod';

export const demoContract = {
  /** Fills a workstation that has no patients yet with a synthetic facility, for trying every screen. */
  'demo.fill': {
    input: z
      .object({ patients: z.number().int().min(10).max(100_000).default(2000), seed: z.number().int().default(705) })
      .strict(),
    output: z.object({
      patients: z.number().int(),
      visits: z.number().int(),
      vitals: z.number().int(),
      diagnoses: z.number().int(),
      prescriptions: z.number().int(),
      labOrders: z.number().int(),
      appointments: z.number().int(),
    }),
  },
} as const;
