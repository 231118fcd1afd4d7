import type { MyShift } from '../../../shared/api/shifts';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';

function myShift(ctx: CommandContext): MyShift {
  const session = ctx.session;
  if (session === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  const { shifts } = ctx.services;
  const open = shifts.openClockIn(session.userId, ctx.now);
  const clockable = shifts.clockableOccurrence(session.userId, ctx.now);
  const current =
    open === null
      ? clockable
      : {
          ...(clockable ?? { userId: session.userId, userName: '', recurring: false }),
          shiftId: open.shift_id,
          startsAt: open.occurrence_start,
          endsAt: open.occurrence_end,
        };
  return {
    exempt: session.exemptFromShifts,
    clockedIn: open !== null,
    clockedInAt: open?.clocked_in_at ?? null,
    current,
    next: shifts.nextOccurrence(session.userId, ctx.now),
  };
}

export const listShifts = defineCommand({
  name: 'shifts.list',
  access: 'shifts.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'shift' },
  handler: (ctx, input) => ctx.services.shifts.occurrences(new Date(input.from), new Date(input.to), input.userId),
});

export const scheduleShift = defineCommand({
  name: 'shifts.schedule',
  access: 'shifts.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'shift' },
  handler(ctx, input) {
    const user = ctx.services.identity.userById(input.userId);
    if (user === null || user.active === 0)
      throw new CommandError('NOT_FOUND', 'That staff member does not exist or is deactivated.');
    const id = ctx.services.shifts.schedule({ ...input, createdBy: ctx.session?.userId ?? '' }, ctx.now);
    ctx.setAuditResource(id);
    const [first] = ctx.services.shifts
      .occurrences(new Date(input.startsAt), new Date(input.endsAt), input.userId)
      .filter((occurrence) => occurrence.shiftId === id);
    if (first === undefined) throw new Error('A scheduled shift has no first occurrence');
    return first;
  },
});

export const cancelShift = defineCommand({
  name: 'shifts.cancel',
  access: 'shifts.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'DELETE', resourceType: 'shift' },
  handler(ctx, input) {
    ctx.setAuditResource(input.shiftId);
    if (!ctx.services.shifts.cancel(input.shiftId, ctx.now))
      throw new CommandError('NOT_FOUND', 'That shift does not exist or was already cancelled.');
    return { ok: true as const };
  },
});

export const getMyShift = defineCommand({
  name: 'shifts.mine',
  access: 'session',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'shift' },
  handler: myShift,
});

export const clockIn = defineCommand({
  name: 'shifts.clockIn',
  access: 'shifts.clock',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'clock_event' },
  handler(ctx) {
    const userId = ctx.session?.userId ?? '';
    const { shifts } = ctx.services;
    if (shifts.openClockIn(userId, ctx.now) !== null) throw new CommandError('CONFLICT', 'You are already clocked in.');
    const occurrence = shifts.clockableOccurrence(userId, ctx.now);
    if (occurrence === null) {
      const graceMinutes = shifts.clockInGraceMs() / 60_000;
      throw new CommandError(
        'NO_ACTIVE_SHIFT',
        `You have no shift scheduled now. You can clock in from ${graceMinutes} minutes before a scheduled shift until it ends; ask a manager to schedule one.`,
      );
    }
    shifts.clockIn(userId, occurrence, ctx.now);
    ctx.setAuditResource(occurrence.shiftId);
    return myShift(ctx);
  },
});

export const clockOut = defineCommand({
  name: 'shifts.clockOut',
  access: 'shifts.clock',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'clock_event' },
  handler(ctx) {
    const open = ctx.services.shifts.openClockIn(ctx.session?.userId ?? '', ctx.now);
    if (open === null) throw new CommandError('CONFLICT', 'You are not clocked in.');
    ctx.services.shifts.clockOut(open.id, ctx.now);
    ctx.setAuditResource(open.shift_id);
    return myShift(ctx);
  },
});

export const getShiftPolicy = defineCommand({
  name: 'shifts.getPolicy',
  access: 'shifts.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'settings' },
  handler: (ctx) => ({ clockInGraceMinutes: ctx.services.shifts.clockInGraceMs() / 60_000 }),
});

export const setShiftPolicy = defineCommand({
  name: 'shifts.setPolicy',
  access: 'settings.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'settings' },
  handler(ctx, input) {
    ctx.services.shifts.setClockInGraceMinutes(input.clockInGraceMinutes);
    return { clockInGraceMinutes: ctx.services.shifts.clockInGraceMs() / 60_000 };
  },
});

export const shiftCommands = [
  listShifts,
  scheduleShift,
  cancelShift,
  getMyShift,
  clockIn,
  clockOut,
  getShiftPolicy,
  setShiftPolicy,
] as const;
