import { describe, expect, it } from 'vitest';
import type { MyShift, ShiftOccurrence } from '../../../shared/api/shifts';
import { describeShift } from './shift-text';

// Local times, so the words are the same in any time zone.
const NOW = new Date(2026, 2, 12, 7, 50);
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 2, day, hours, minutes).toISOString();

function occurrence(startsAt: string, endsAt: string): ShiftOccurrence {
  return {
    shiftId: '0190a0b0-0000-7000-8000-000000000001',
    userId: '0190a0b0-0000-7000-8000-000000000002',
    userName: 'Jane Wanjiru',
    startsAt,
    endsAt,
    recurring: false,
  };
}

const base: MyShift = { exempt: false, clockedIn: false, clockedInAt: null, current: null, next: null };

describe('describeShift', () => {
  it('needs no shift for an exempt role, and shows nothing in the header', () => {
    expect(describeShift({ ...base, exempt: true }, NOW)).toEqual({
      tone: 'exempt',
      sentence: 'No shift needed for your role.',
      short: null,
    });
  });

  it('says since when and until when a clocked-in user works', () => {
    const text = describeShift(
      { ...base, clockedIn: true, clockedInAt: at(12, 7, 52), current: occurrence(at(12, 8), at(12, 16)) },
      NOW,
    );
    expect(text.sentence).toBe('Clocked in since 07:52, until 16:00.');
    expect(text.short).toBe('On shift until 16:00');
  });

  it('names the day of an end after midnight', () => {
    const text = describeShift(
      { ...base, clockedIn: true, clockedInAt: at(12, 21, 55), current: occurrence(at(12, 22), at(13, 6)) },
      new Date(2026, 2, 12, 23, 0),
    );
    expect(text.sentence).toBe('Clocked in since 21:55, until 06:00 on Fri 13 Mar.');
  });

  it('invites a clock-in within the window', () => {
    expect(describeShift({ ...base, current: occurrence(at(12, 8), at(12, 16)) }, NOW).sentence).toBe(
      'You can clock in now (shift 08:00–16:00).',
    );
  });

  it('names the next shift, or says there is none', () => {
    expect(describeShift({ ...base, next: occurrence(at(13, 22), at(14, 6)) }, NOW).sentence).toBe(
      'Not clocked in — your next shift is tomorrow, 22:00–06:00 next day.',
    );
    expect(describeShift({ ...base, next: occurrence(at(16, 8), at(16, 16)) }, NOW).sentence).toBe(
      'Not clocked in — your next shift is Mon 16 Mar, 08:00–16:00.',
    );
    expect(describeShift(base, NOW).sentence).toBe(
      'Not clocked in — no shift is scheduled for you in the next two weeks.',
    );
  });
});
