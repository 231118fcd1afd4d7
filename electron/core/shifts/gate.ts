import type { ShiftGate } from '../access/policy';
import type { Session } from '../access/session';
import type { ShiftRepository } from './repository';

/** On shift = clocked in to an occurrence of a scheduled shift that has not ended. */
export class ScheduledShiftGate implements ShiftGate {
  constructor(private readonly shifts: ShiftRepository) {}

  isOnActiveShift(session: Session, now: Date): boolean {
    return this.shifts.openClockIn(session.userId, now) !== null;
  }

  invalidate(): void {
    this.shifts.clockInsMayHaveChanged();
  }
}
