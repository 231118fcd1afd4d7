export const WEEK_MS = 7 * 24 * 60 * 60_000;

export interface ShiftPattern {
  startsAt: number;
  endsAt: number;
  /** Last moment a weekly repetition may start; null for a single shift. */
  repeatUntil: number | null;
}

export interface Occurrence {
  start: number;
  end: number;
}

function occurrence(pattern: ShiftPattern, week: number): Occurrence | null {
  if (week < 0) return null;
  if (week > 0 && (pattern.repeatUntil === null || pattern.startsAt + week * WEEK_MS > pattern.repeatUntil))
    return null;
  return { start: pattern.startsAt + week * WEEK_MS, end: pattern.endsAt + week * WEEK_MS };
}

/** The occurrence whose window [start − grace, end) contains `at`, if any. */
export function occurrenceAt(pattern: ShiftPattern, at: number, graceMs: number): Occurrence | null {
  const week = Math.floor((at - (pattern.startsAt - graceMs)) / WEEK_MS);
  const candidate = occurrence(pattern, week);
  if (candidate === null) return null;
  return at >= candidate.start - graceMs && at < candidate.end ? candidate : null;
}

/** Occurrences overlapping [from, to), in order. */
export function occurrencesBetween(pattern: ShiftPattern, from: number, to: number): Occurrence[] {
  const result: Occurrence[] = [];
  const firstWeek = Math.max(0, Math.floor((from - pattern.endsAt) / WEEK_MS));
  for (let week = firstWeek; ; week += 1) {
    const next = occurrence(pattern, week);
    if (next === null || next.start >= to) break;
    if (next.end > from) result.push(next);
  }
  return result;
}
