// One fixed locale, so dates read the same on every workstation whatever its OS language.
const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "12 March 2026". */
export function formatDate(iso: string): string {
  return DATE.format(new Date(iso));
}

/** "12 Mar 2026, 14:05". */
export function formatDateTime(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

/** Whether an ISO time is still ahead. */
export function isFuture(iso: string | null, now: Date = new Date()): boolean {
  return iso !== null && new Date(iso).getTime() > now.getTime();
}
