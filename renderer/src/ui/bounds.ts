import { z } from 'zod';
import { i18n } from '../i18n';

/**
 * A contract's number bounds, with messages for people: zod's own ("Too small:
 * expected number to be >=1") are for developers, and an empty number input
 * gives NaN. The message is made when a value fails, so it is in the language
 * of that moment, not of the moment the schema was built.
 */
export function between(field: z.ZodNumber) {
  const min = field.minValue ?? 0;
  const max = field.maxValue ?? Number.MAX_SAFE_INTEGER;
  const range = { error: () => i18n.t('ui.bounds.wholeNumber', { min, max }) };
  return z.number(range).int(range).min(min, range).max(max, range);
}

/** "Between 1 and 15." */
export const rangeText = (field: z.ZodNumber) =>
  i18n.t('ui.bounds.between', { min: field.minValue ?? 0, max: field.maxValue ?? '∞' });
