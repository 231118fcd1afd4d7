import type { MyShift } from '../../../shared/api/shifts';
import { formatClock, formatDay, formatTimeRange, relativeDay, sameLocalDay } from '../ui/local-time';

export type ShiftTone = 'exempt' | 'on' | 'open' | 'off';

export interface ShiftText {
  tone: ShiftTone;
  /** The sentence on the home screen. */
  sentence: string;
  /** The few words in the header; null where the header shows nothing (exempt). */
  short: string | null;
}

/** "16:00", or "02:00 on Fri 13 Mar" when the time is not today. */
function clockOn(iso: string, now: Date): string {
  return sameLocalDay(new Date(iso), now) ? formatClock(iso) : `${formatClock(iso)} on ${formatDay(iso)}`;
}

/** What shifts.mine says, in plain words, in the workstation's local time. */
export function describeShift(mine: MyShift, now: Date = new Date()): ShiftText {
  if (mine.exempt) {
    return { tone: 'exempt', sentence: 'No shift needed for your role.', short: null };
  }
  if (mine.clockedIn && mine.current !== null) {
    const since = mine.clockedInAt ?? mine.current.startsAt;
    const until = clockOn(mine.current.endsAt, now);
    return {
      tone: 'on',
      sentence: `Clocked in since ${clockOn(since, now)}, until ${until}.`,
      short: `On shift until ${until}`,
    };
  }
  if (mine.current !== null) {
    return {
      tone: 'open',
      sentence: `You can clock in now (shift ${formatTimeRange(mine.current.startsAt, mine.current.endsAt)}).`,
      short: 'Not clocked in: shift open',
    };
  }
  if (mine.next !== null) {
    const day = relativeDay(mine.next.startsAt, now);
    return {
      tone: 'off',
      sentence: `Not clocked in — your next shift is ${day}, ${formatTimeRange(mine.next.startsAt, mine.next.endsAt)}.`,
      short: 'Not clocked in',
    };
  }
  return {
    tone: 'off',
    sentence: 'Not clocked in — no shift is scheduled for you in the next two weeks.',
    short: 'Not clocked in',
  };
}
