import { describe, expect, it } from 'vitest';
import { auditFilter } from '../../../shared/api/audit';
import { scheduleShiftInput } from '../../../shared/api/shifts';
import {
  addDays,
  dateInputValue,
  endOfLocalDay,
  formatTimeRange,
  isoWithOffset,
  localMoment,
  relativeDay,
  shiftMoments,
  startOfWeek,
  timeInputValue,
} from './local-time';

// These hold in whatever time zone the tests run in: each compares local components, not UTC strings.
describe('isoWithOffset', () => {
  it('writes the local time with the workstation’s offset, naming the same instant', () => {
    const date = new Date(2026, 2, 12, 8, 5);
    const iso = isoWithOffset(date);
    expect(iso).toMatch(/^2026-03-12T08:05:00[+-]\d\d:\d\d$/);
    expect(Date.parse(iso)).toBe(date.getTime());
  });

  it('keeps milliseconds when there are some', () => {
    const date = new Date(2026, 2, 12, 23, 59, 59, 999);
    expect(isoWithOffset(date)).toMatch(/^2026-03-12T23:59:59\.999[+-]\d\d:\d\d$/);
    expect(Date.parse(isoWithOffset(date))).toBe(date.getTime());
  });

  it('is what the shared contract accepts', () => {
    const startsAt = isoWithOffset(new Date(2026, 2, 12, 8, 0));
    const endsAt = isoWithOffset(new Date(2026, 2, 12, 16, 0));
    expect(
      scheduleShiftInput.safeParse({
        userId: '0190a0b0-0000-7000-8000-000000000000',
        startsAt,
        endsAt,
        repeatWeeklyUntil: null,
      }).success,
    ).toBe(true);
    const to = endOfLocalDay('2026-03-12');
    expect(auditFilter.safeParse({ from: startsAt, to: to && isoWithOffset(to) }).success).toBe(true);
  });
});

describe('localMoment', () => {
  it('reads date and time inputs as local time', () => {
    const moment = localMoment('2026-03-12', '22:30');
    expect(moment && [dateInputValue(moment), timeInputValue(moment)]).toEqual(['2026-03-12', '22:30']);
  });

  it('refuses what is not a real date or time', () => {
    expect(localMoment('2026-02-31')).toBeNull();
    expect(localMoment('', '08:00')).toBeNull();
    expect(localMoment('2026-03-12', '24:00')).toBeNull();
    expect(localMoment('2026-03-12', '')).toBeNull();
  });

  it('ends a day at its last millisecond', () => {
    const end = endOfLocalDay('2026-03-12');
    expect(end && [dateInputValue(end), timeInputValue(end), end.getSeconds(), end.getMilliseconds()]).toEqual([
      '2026-03-12',
      '23:59',
      59,
      999,
    ]);
  });
});

describe('shiftMoments', () => {
  it('keeps a day shift on its date', () => {
    const shift = shiftMoments('2026-03-12', '08:00', '16:00');
    expect(shift?.overnight).toBe(false);
    expect(shift && (shift.endsAt.getTime() - shift.startsAt.getTime()) / 3_600_000).toBe(8);
  });

  it('moves an end at or before the start to the next day', () => {
    const night = shiftMoments('2026-03-12', '22:00', '06:00');
    expect(night?.overnight).toBe(true);
    expect(night && dateInputValue(night.endsAt)).toBe('2026-03-13');
    expect(night && timeInputValue(night.endsAt)).toBe('06:00');
    // Month and year ends roll over too.
    expect(dateInputValue(shiftMoments('2026-12-31', '20:00', '04:00')?.endsAt ?? new Date(0))).toBe('2027-01-01');
  });

  it('is null while a field is empty', () => {
    expect(shiftMoments('2026-03-12', '', '16:00')).toBeNull();
  });
});

describe('weeks and words', () => {
  it('starts a week on Monday at local midnight', () => {
    const sunday = new Date(2026, 2, 15, 18, 0);
    const monday = startOfWeek(sunday);
    expect([dateInputValue(monday), timeInputValue(monday), monday.getDay()]).toEqual(['2026-03-09', '00:00', 1]);
    expect(dateInputValue(startOfWeek(monday))).toBe('2026-03-09');
  });

  it('says today and tomorrow in words', () => {
    const now = new Date(2026, 2, 12, 9, 0);
    expect(relativeDay(new Date(2026, 2, 12, 23, 0), now)).toBe('today');
    expect(relativeDay(addDays(now, 1), now)).toBe('tomorrow');
    expect(relativeDay(new Date(2026, 2, 16, 8, 0), now)).toBe('Mon 16 Mar');
  });

  it('marks a range that ends after midnight', () => {
    expect(formatTimeRange(new Date(2026, 2, 12, 8, 0), new Date(2026, 2, 12, 16, 0))).toBe('08:00–16:00');
    expect(formatTimeRange(new Date(2026, 2, 12, 22, 0), new Date(2026, 2, 13, 6, 0))).toBe('22:00–06:00 next day');
  });
});
