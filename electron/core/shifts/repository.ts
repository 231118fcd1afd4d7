import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_SHIFT_POLICY, type ShiftOccurrence } from '../../../shared/api/shifts';
import { occurrenceAt, occurrencesBetween, type Occurrence, type ShiftPattern } from './occurrences';
import { watchTables, type TableWatch, type WatchedTable } from '../db/table-watch';

interface ShiftRow {
  id: string;
  user_id: string;
  user_name: string;
  starts_at: string;
  ends_at: string;
  repeat_weekly_until: string | null;
}

interface ClockRow {
  id: string;
  shift_id: string;
  occurrence_start: string;
  occurrence_end: string;
  clocked_in_at: string;
}

export interface NewShift {
  userId: string;
  startsAt: string;
  endsAt: string;
  repeatWeeklyUntil: string | null;
  createdBy: string;
}

const patternOf = (row: ShiftRow): ShiftPattern => ({
  startsAt: Date.parse(row.starts_at),
  endsAt: Date.parse(row.ends_at),
  repeatUntil: row.repeat_weekly_until === null ? null : Date.parse(row.repeat_weekly_until),
});

function toOccurrence(row: ShiftRow, occurrence: Occurrence): ShiftOccurrence {
  return {
    shiftId: row.id,
    userId: row.user_id,
    userName: row.user_name,
    startsAt: new Date(occurrence.start).toISOString(),
    endsAt: new Date(occurrence.end).toISOString(),
    recurring: row.repeat_weekly_until !== null,
  };
}

/**
 * What the clock-in cache below rests on: any write to these tables (by this
 * repository, by the sync engine applying another workstation's clock-out, by
 * a migration) makes it forget. The lookup reads only clock_events; shifts is
 * watched too so that a future rule reading the schedule cannot go stale
 * unnoticed.
 */
const SHIFT_TABLES: readonly WatchedTable[] = [{ table: 'clock_events' }, { table: 'shifts' }];

/** A user's open clock-in as read at `from`, and how long that answer holds. */
interface CachedClockIn {
  readonly version: number;
  /** When it was read (ISO): an earlier moment (a clock set back) may see a clock-in that had ended. */
  readonly from: string;
  /** When it stops holding (ISO): the end of the occurrence clocked into; null: no clock-in, none will open by itself. */
  readonly until: string | null;
  readonly row: ClockRow | null;
}

/** Shift schedule and clock-in records: the only code that touches those tables. */
export class ShiftRepository {
  /** The clock-in lookup runs on every shift-gated command (and every audited patient read). */
  private readonly openClockInQuery: Statement<[string, string], ClockRow>;
  private readonly watch: TableWatch;
  /**
   * Each user's last clock-in answer. Valid while nothing was written to the
   * shift tables (the watch's version) and `now` lies between the moment it
   * was read and the end of the occurrence it found: as time passes without
   * writes, clock-ins only drop out of the query (their occurrence ends), so
   * the latest open one stays the answer until its own occurrence ends, and
   * no clock-in stays none.
   */
  private readonly clockIns = new Map<string, CachedClockIn>();

  constructor(private readonly db: Database) {
    this.openClockInQuery = db.prepare<[string, string], ClockRow>(
      `SELECT id, shift_id, occurrence_start, occurrence_end, clocked_in_at FROM clock_events
       WHERE user_id = ? AND clocked_out_at IS NULL AND occurrence_end > ? ORDER BY clocked_in_at DESC LIMIT 1`,
    );
    this.watch = watchTables(db, 'shifts', SHIFT_TABLES);
  }

  /** Forgets every cached clock-in: writes to the shift tables were rolled back. */
  clockInsMayHaveChanged(): void {
    this.watch.version += 1;
  }

  clockInGraceMs(): number {
    const raw = this.db
      .prepare("SELECT value FROM settings WHERE key = 'shift_clock_in_grace_minutes'")
      .pluck()
      .get() as string | undefined;
    return (raw === undefined ? DEFAULT_SHIFT_POLICY.clockInGraceMinutes : Number(raw)) * 60_000;
  }

  setClockInGraceMinutes(minutes: number): void {
    this.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('shift_clock_in_grace_minutes', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(String(minutes));
  }

  schedule(shift: NewShift, now: Date): string {
    const id = uuidv7();
    this.db
      .prepare(
        `INSERT INTO shifts (id, user_id, starts_at, ends_at, repeat_weekly_until, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, shift.userId, shift.startsAt, shift.endsAt, shift.repeatWeeklyUntil, shift.createdBy, now.toISOString());
    return id;
  }

  /** Cancelling stops future clock-ins; an open clock-in ends with its occurrence as usual. */
  cancel(shiftId: string, now: Date): boolean {
    return (
      this.db
        .prepare('UPDATE shifts SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL')
        .run(now.toISOString(), shiftId).changes === 1
    );
  }

  occurrences(from: Date, to: Date, userId?: string): ShiftOccurrence[] {
    return this.activeShifts(userId)
      .flatMap((row) =>
        occurrencesBetween(patternOf(row), from.getTime(), to.getTime()).map((occurrence) =>
          toOccurrence(row, occurrence),
        ),
      )
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }

  /** The user's occurrence open for clock-in at `now` (grace before its start included). */
  clockableOccurrence(userId: string, now: Date): ShiftOccurrence | null {
    const grace = this.clockInGraceMs();
    for (const row of this.activeShifts(userId)) {
      const occurrence = occurrenceAt(patternOf(row), now.getTime(), grace);
      if (occurrence !== null) return toOccurrence(row, occurrence);
    }
    return null;
  }

  nextOccurrence(userId: string, now: Date): ShiftOccurrence | null {
    return (
      this.occurrences(now, new Date(now.getTime() + 14 * 86_400_000), userId).find(
        (o) => Date.parse(o.startsAt) > now.getTime(),
      ) ?? null
    );
  }

  /** The user's clock-in whose occurrence has not ended yet; read again only when the remembered answer may not hold. */
  openClockIn(userId: string, now: Date): Readonly<ClockRow> | null {
    const at = now.toISOString();
    const cached = this.clockIns.get(userId);
    if (
      cached !== undefined &&
      cached.version === this.watch.version &&
      at >= cached.from &&
      (cached.until === null || at < cached.until)
    ) {
      return cached.row;
    }
    const version = this.watch.version;
    const found = this.openClockInQuery.get(userId, at);
    const row = found === undefined ? null : Object.freeze(found);
    this.clockIns.set(userId, { version, from: at, until: row?.occurrence_end ?? null, row });
    return row;
  }

  clockIn(userId: string, occurrence: ShiftOccurrence, now: Date): void {
    this.db
      .prepare(
        `INSERT INTO clock_events (id, user_id, shift_id, occurrence_start, occurrence_end, clocked_in_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(uuidv7(), userId, occurrence.shiftId, occurrence.startsAt, occurrence.endsAt, now.toISOString());
  }

  clockOut(clockEventId: string, now: Date): void {
    this.db.prepare('UPDATE clock_events SET clocked_out_at = ? WHERE id = ?').run(now.toISOString(), clockEventId);
  }

  private activeShifts(userId?: string): ShiftRow[] {
    return this.db
      .prepare(
        `SELECT s.id, s.user_id, u.display_name AS user_name, s.starts_at, s.ends_at, s.repeat_weekly_until
         FROM shifts s JOIN users u ON u.id = s.user_id
         WHERE s.cancelled_at IS NULL AND (@userId IS NULL OR s.user_id = @userId)`,
      )
      .all({ userId: userId ?? null }) as ShiftRow[];
  }
}
