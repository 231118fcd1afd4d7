import { z } from 'zod';

/**
 * A contract's number bounds, with messages for people: zod's own ("Too small:
 * expected number to be >=1") are for developers, and an empty number input
 * gives NaN.
 */
export function between(field: z.ZodNumber) {
  const min = field.minValue ?? 0;
  const max = field.maxValue ?? Number.MAX_SAFE_INTEGER;
  const range = `Enter a whole number from ${min} to ${max}`;
  return z.number({ error: range }).int(range).min(min, range).max(max, range);
}

/** "Between 1 and 15." */
export const rangeText = (field: z.ZodNumber) => `Between ${field.minValue ?? 0} and ${field.maxValue ?? '∞'}.`;
