import { dateFormat } from '../i18n/locale';

// The UI language's locale, so dates read the same on every workstation whatever its OS language.
const DATE: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
const DATE_TIME: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

/** "12 March 2026". */
export function formatDate(iso: string): string {
  return dateFormat('date', DATE).format(new Date(iso));
}

/** "12 Mar 2026, 14:05". */
export function formatDateTime(iso: string): string {
  return dateFormat('dateTime', DATE_TIME).format(new Date(iso));
}

/** Whether an ISO time is still ahead. */
export function isFuture(iso: string | null, now: Date = new Date()): boolean {
  return iso !== null && new Date(iso).getTime() > now.getTime();
}
