import { i18n } from '../i18n';
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
  return sameLocalDay(new Date(iso), now)
    ? formatClock(iso)
    : i18n.t('shifts.text.clockOnDay', { time: formatClock(iso), day: formatDay(iso) });
}

/** What shifts.mine says, in plain words, in the workstation's local time. */
export function describeShift(mine: MyShift, now: Date = new Date()): ShiftText {
  if (mine.exempt) {
    return { tone: 'exempt', sentence: i18n.t('shifts.text.exempt'), short: null };
  }
  if (mine.clockedIn && mine.current !== null) {
    const since = mine.clockedInAt ?? mine.current.startsAt;
    const until = clockOn(mine.current.endsAt, now);
    return {
      tone: 'on',
      sentence: i18n.t('shifts.text.clockedInSince', { since: clockOn(since, now), until }),
      short: i18n.t('shifts.text.onShiftUntil', { until }),
    };
  }
  if (mine.current !== null) {
    return {
      tone: 'open',
      sentence: i18n.t('shifts.text.canClockIn', {
        range: formatTimeRange(mine.current.startsAt, mine.current.endsAt),
      }),
      short: i18n.t('shifts.text.shiftOpen'),
    };
  }
  if (mine.next !== null) {
    return {
      tone: 'off',
      sentence: i18n.t('shifts.text.nextShift', {
        day: relativeDay(mine.next.startsAt, now),
        range: formatTimeRange(mine.next.startsAt, mine.next.endsAt),
      }),
      short: i18n.t('shifts.text.notClockedIn'),
    };
  }
  return { tone: 'off', sentence: i18n.t('shifts.text.noShift'), short: i18n.t('shifts.text.notClockedIn') };
}
