import { i18n } from '../i18n';
import { dateFormat } from '../i18n/locale';

/**
 * Dates and times as staff enter and read them: in the workstation's own time
 * zone. Core stores instants; the renderer sends ISO strings that carry the
 * workstation's UTC offset, so "08:00" means 08:00 where the clinic is.
 */

const pad = (value: number, width = 2) => String(Math.trunc(Math.abs(value))).padStart(width, '0');

/** "2026-03-12T08:00:00+03:00" (milliseconds only when there are some): the local time with its offset. */
export function isoWithOffset(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const ms = date.getMilliseconds();
  return (
    `${dateInputValue(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${ms === 0 ? '' : `.${pad(ms, 3)}`}${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

/** "2026-03-12": the local calendar date, as an <input type="date"> holds it. */
export function dateInputValue(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "08:05": the local time of day, as an <input type="time"> holds it. */
export function timeInputValue(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_INPUT = /^(\d{2}):(\d{2})(?::\d{2})?$/;

/** The local moment of a date input ("2026-03-12") and a time input ("08:00"); null when either is not one. */
export function localMoment(date: string, time = '00:00', dayOffset = 0): Date | null {
  const d = DATE_INPUT.exec(date);
  const t = TIME_INPUT.exec(time);
  if (d === null || t === null) return null;
  const [year, month, day, hours, minutes] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hours > 23 || minutes > 59) return null;
  const moment = new Date(year, month - 1, day + dayOffset, hours, minutes);
  // new Date() rolls 31 February over into March; a real calendar date does not.
  return dayOffset === 0 && moment.getDate() !== day ? null : moment;
}

/** The last millisecond of a local calendar day, so a date range "to" includes the whole day. */
export function endOfLocalDay(date: string): Date | null {
  const start = localMoment(date);
  return start === null ? null : new Date(addDays(start, 1).getTime() - 1);
}

/** Adds calendar days in local time (a day is not always 24 hours where clocks change). */
export function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

/** Local midnight starting the Monday of the week that holds `date`. */
export function startOfWeek(date: Date): Date {
  const start = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  const sinceMonday = (start.getDay() + 6) % 7;
  return addDays(start, -sinceMonday);
}

export function sameLocalDay(a: Date, b: Date): boolean {
  return dateInputValue(a) === dateInputValue(b);
}

/**
 * A shift as entered: a date, a start and an end time. An end at or before the
 * start is on the next day (a night shift 22:00–06:00).
 */
export function shiftMoments(
  date: string,
  startTime: string,
  endTime: string,
): { startsAt: Date; endsAt: Date; overnight: boolean } | null {
  const startsAt = localMoment(date, startTime);
  const sameDayEnd = localMoment(date, endTime);
  if (startsAt === null || sameDayEnd === null) return null;
  const overnight = sameDayEnd.getTime() <= startsAt.getTime();
  const endsAt = overnight ? localMoment(date, endTime, 1) : sameDayEnd;
  return endsAt === null ? null : { startsAt, endsAt, overnight };
}

// The UI language's locale (i18n/locale.ts), whatever the OS language; 24-hour clock.
const CLOCK: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const DAY: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short' };
const LONG_DAY: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' };
const SECONDS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

const asDate = (value: string | Date) => (typeof value === 'string' ? new Date(value) : value);

/** "08:00". */
export function formatClock(value: string | Date): string {
  return dateFormat('clock', CLOCK).format(asDate(value));
}

/** "Thu 12 Mar". */
export function formatDay(value: string | Date): string {
  return dateFormat('day', DAY).format(asDate(value));
}

/** "Thursday 12 March". */
export function formatLongDay(value: string | Date): string {
  return dateFormat('longDay', LONG_DAY).format(asDate(value));
}

/** "12 Mar 2026, 14:05:09": audit entries need the seconds. */
export function formatDateTimeSeconds(value: string | Date): string {
  return dateFormat('seconds', SECONDS).format(asDate(value));
}

/** "today", "tomorrow" or "Thu 12 Mar". */
export function relativeDay(value: string | Date, now: Date = new Date()): string {
  const date = asDate(value);
  if (sameLocalDay(date, now)) return i18n.t('ui.time.today');
  if (sameLocalDay(date, addDays(now, 1))) return i18n.t('ui.time.tomorrow');
  return formatDay(date);
}

/** "08:00–16:00", or "22:00–06:00 next day" for a shift that ends after midnight. */
export function formatTimeRange(start: string | Date, end: string | Date): string {
  const from = asDate(start);
  const to = asDate(end);
  const range = `${formatClock(from)}–${formatClock(to)}`;
  if (sameLocalDay(from, to)) return range;
  return sameLocalDay(addDays(from, 1), to)
    ? i18n.t('ui.time.nextDay', { range })
    : i18n.t('ui.time.untilDay', { range, day: formatDay(to) });
}
