import { z } from 'zod';

export const MIN_BREAK_GLASS_REASON = 10;

export const breakGlassGrant = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string().nullable(),
  patientId: z.string(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewComment: z.string().nullable(),
});
export type BreakGlassGrant = z.infer<typeof breakGlassGrant>;

export const breakGlassPolicy = z.object({ durationMinutes: z.number().int().min(5).max(240) }).strict();
export const DEFAULT_BREAK_GLASS_POLICY = { durationMinutes: 60 };

export const breakGlassContract = {
  'breakGlass.request': {
    input: z
      .object({
        patientId: z.uuid(),
        reason: z
          .string()
          .trim()
          .min(MIN_BREAK_GLASS_REASON, `Explain the emergency in at least ${MIN_BREAK_GLASS_REASON} characters`)
          .max(500),
      })
      .strict(),
    output: breakGlassGrant,
  },
  'breakGlass.mine': { input: z.object({}).strict(), output: z.array(breakGlassGrant) },
  'breakGlass.reviewQueue': {
    input: z.object({ includeReviewed: z.boolean().default(false) }).strict(),
    output: z.array(breakGlassGrant),
  },
  'breakGlass.markReviewed': {
    input: z.object({ grantId: z.uuid(), comment: z.string().trim().min(3, 'Add a short comment').max(500) }).strict(),
    output: breakGlassGrant,
  },
  'breakGlass.getPolicy': { input: z.object({}).strict(), output: breakGlassPolicy },
  'breakGlass.setPolicy': { input: breakGlassPolicy, output: breakGlassPolicy },
} as const;
