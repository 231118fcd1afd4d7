import { describe, expect, it } from 'vitest';
import type { MyShift, ShiftOccurrence } from '../../../shared/api/shifts';
import { nextShiftCheckIn } from './shift-timing';

const NOW = Date.parse('2026-03-12T07:00:00Z');
const MINUTE = 60_000;

function occurrence(startMinutes: number, endMinutes: number): ShiftOccurrence {
  return {
    shiftId: '0190a0b0-0000-7000-8000-000000000001',
    userId: '0190a0b0-0000-7000-8000-000000000002',
    userName: 'Jane Wanjiru',
    startsAt: new Date(NOW + startMinutes * MINUTE).toISOString(),
    endsAt: new Date(NOW + endMinutes * MINUTE).toISOString(),
    recurring: false,
  };
}

const base: MyShift = { exempt: false, clockedIn: false, clockedInAt: null, current: null, next: null };

describe('nextShiftCheckIn', () => {
  it('never for an exempt user or one with nothing ahead', () => {
    expect(nextShiftCheckIn({ ...base, exempt: true, next: occurrence(60, 480) }, NOW)).toBeNull();
    expect(nextShiftCheckIn(base, NOW)).toBeNull();
  });

  it('just after the current shift ends', () => {
    const current = occurrence(-60, 120);
    expect(nextShiftCheckIn({ ...base, clockedIn: true, current }, NOW)).toBe(120 * MINUTE + 1_000);
  });

  it('just after the next shift starts, whichever boundary comes first', () => {
    expect(nextShiftCheckIn({ ...base, next: occurrence(90, 480) }, NOW)).toBe(90 * MINUTE + 1_000);
    expect(nextShiftCheckIn({ ...base, current: occurrence(-30, 240), next: occurrence(30, 90) }, NOW)).toBe(
      30 * MINUTE + 1_000,
    );
  });

  it('not sooner than a minute, nor later than six hours', () => {
    expect(nextShiftCheckIn({ ...base, current: occurrence(-60, 0.1) }, NOW)).toBe(60_000);
    expect(nextShiftCheckIn({ ...base, next: occurrence(3 * 24 * 60, 3 * 24 * 60 + 480) }, NOW)).toBe(6 * 60 * MINUTE);
  });
});
