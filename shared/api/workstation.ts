import { z } from 'zod';

/**
 * Before its records can be read, a workstation must be unlocked: by the OS
 * keychain without asking, or by the workstation passphrase where the computer
 * has no usable keychain.
 */
export const workstationState = z.enum(['open', 'needs-passphrase', 'needs-new-passphrase', 'failed']);
export type WorkstationState = z.infer<typeof workstationState>;

export const workstationStatusOutput = z.object({
  state: workstationState,
  /** Plain-language reason, present when the state is 'failed'. */
  message: z.string().optional(),
});
export type WorkstationStatus = z.infer<typeof workstationStatusOutput>;

export const MIN_PASSPHRASE_LENGTH = 12;

export const unlockWorkstationInput = z.object({ passphrase: z.string().min(1).max(1024) }).strict();
export const createPassphraseInput = z
  .object({
    passphrase: z
      .string()
      .min(MIN_PASSPHRASE_LENGTH, `Use at least ${MIN_PASSPHRASE_LENGTH} characters`)
      .max(1024)
      .refine((value) => new Set(value).size >= 5, 'Use a passphrase with more variety, such as several words'),
  })
  .strict();

export const workstationContract = {
  'workstation.status': { input: z.object({}).strict(), output: workstationStatusOutput },
  'workstation.unlock': { input: unlockWorkstationInput, output: workstationStatusOutput },
  'workstation.createPassphrase': { input: createPassphraseInput, output: workstationStatusOutput },
} as const;
