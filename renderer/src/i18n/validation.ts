import type { z } from 'zod';
import { currentLanguage, i18n } from './index';

/**
 * Validation messages for people, in the UI language.
 *
 * The renderer's own schemas give zod `{ error: () => t(...) }`, so the text is
 * made when a value fails, in the language of that moment. The contracts in
 * shared/api carry fixed English messages, written for the English UI; those
 * are shown as written in English, and in another language are said again from
 * the issue's code and bounds (see `issueText`).
 */

/** A zod error param whose message is looked up when the check fails. */
export function message(...args: Parameters<typeof i18n.t>): { error: () => string } {
  return { error: () => i18n.t(...args) };
}

type Issue = Pick<z.core.$ZodIssue, 'code' | 'message'> & {
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly origin?: unknown;
};

/**
 * A contract issue's message in the UI language. English keeps the contract's
 * own words (the e2e specs and staff know them). Other languages say it by code:
 * too_small / too_big on text (with the bound), on numbers, on lists and dates;
 * invalid_type (nothing entered); invalid_format; invalid_value (not one of the
 * choices). What falls back to the English message: `custom` issues, i.e. the
 * contracts' own refinements (e.g. "Enter both systolic and diastolic
 * pressure"), and any code not listed here; they have no bound or shape to say
 * again, and the renderer's forms word their own refinements instead.
 */
export function issueText(issue: Issue): string {
  if (currentLanguage() === 'en') return issue.message;
  const bound = (value: unknown) => (typeof value === 'number' || typeof value === 'bigint' ? String(value) : null);
  switch (issue.code) {
    case 'too_small': {
      const min = bound(issue.minimum);
      if (issue.origin === 'string') {
        return min === null || min === '1' ? i18n.t('validation.required') : i18n.t('validation.textTooShort', { min });
      }
      if (issue.origin === 'array' || issue.origin === 'set')
        return i18n.t('validation.chooseAtLeast', { min: min ?? '1' });
      return min === null ? i18n.t('validation.tooSmall') : i18n.t('validation.atLeast', { min });
    }
    case 'too_big': {
      const max = bound(issue.maximum);
      if (issue.origin === 'string') {
        return max === null ? i18n.t('validation.textTooLong') : i18n.t('validation.textAtMost', { max });
      }
      if (issue.origin === 'array' || issue.origin === 'set')
        return i18n.t('validation.chooseAtMost', { max: max ?? '' });
      return max === null ? i18n.t('validation.tooBig') : i18n.t('validation.atMost', { max });
    }
    case 'invalid_type':
      return i18n.t('validation.required');
    case 'invalid_format':
      return i18n.t('validation.format');
    case 'invalid_value':
      return i18n.t('validation.choose');
    default:
      return issue.message;
  }
}
