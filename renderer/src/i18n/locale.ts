import { currentLanguage, type Language } from './index';

/**
 * Intl locales per UI language. English keeps en-GB for dates ("Thu 12 Mar",
 * no comma after the weekday), the output staff and tests already know;
 * numbers use en-KE. Swahili uses sw-KE for both.
 */
const DATE_LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', sw: 'sw-KE' };
const NUMBER_LOCALE: Readonly<Record<Language, string>> = { en: 'en-KE', sw: 'sw-KE' };

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A cached Intl.DateTimeFormat for the current UI language. `id` names the options (they are fixed per call site). */
export function dateFormat(id: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = DATE_LOCALE[currentLanguage()];
  const cacheKey = `${locale}|${id}`;
  let format = dateFormats.get(cacheKey);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(cacheKey, format);
  }
  return format;
}

/** "12,345" in the current UI language. */
export function formatNumber(value: number): string {
  return value.toLocaleString(NUMBER_LOCALE[currentLanguage()]);
}
