import type { MyShift } from '../../../shared/api/shifts';

/**
 * shifts.mine is passive (it does not keep the session awake) but every call
 * is audited, so the panel reads it at most once a minute unless something
 * happened that changes the answer (clocking, a NO_ACTIVE_SHIFT refusal).
 */
export const SHIFT_REFRESH_MIN_MS = 60_000;

/** Longest wait between two reads while a shift is ahead, so a changed schedule shows within hours. */
const LONGEST_WAIT_MS = 6 * 60 * 60_000;
/** Read just after the boundary, not just before it. */
const AFTER_BOUNDARY_MS = 1_000;

/**
 * How long the shift panel can wait before its answer may be out of date: the
 * state changes when the current shift ends (a clock-in lapses with it) and
 * when the next one starts. Null when nothing is due (exempt, or no shift
 * ahead); a refusal or a new visit to Home reads it again anyway.
 */
export function nextShiftCheckIn(mine: MyShift, now: number): number | null {
  if (mine.exempt) return null;
  const boundaries = [mine.current?.endsAt, mine.next?.startsAt]
    .filter((iso): iso is string => iso !== undefined)
    .map((iso) => Date.parse(iso) - now)
    .filter((wait) => wait > -AFTER_BOUNDARY_MS);
  if (boundaries.length === 0) return null;
  const wait = Math.min(...boundaries) + AFTER_BOUNDARY_MS;
  return Math.min(Math.max(wait, SHIFT_REFRESH_MIN_MS), LONGEST_WAIT_MS);
}
