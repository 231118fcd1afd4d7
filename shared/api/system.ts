import { z } from 'zod';

export const aboutWorkstationInput = z.object({}).strict();

export const aboutWorkstationOutput = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  sqlcipherVersion: z.string(),
  dataDirectory: z.string(),
  keyProtection: z.enum(['os-keychain', 'passphrase']),
});

export type AboutWorkstation = z.infer<typeof aboutWorkstationOutput>;

export const systemContract = {
  'system.about': { input: aboutWorkstationInput, output: aboutWorkstationOutput },
} as const;
