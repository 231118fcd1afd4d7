import { z } from 'zod';

const isoDateTime = z.iso.datetime({ offset: true });
export const MAX_SHIFT_HOURS = 24;

export const scheduleShiftInput = z
  .object({
    userId: z.uuid(),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    /** Repeat every week on the same weekday and time until this moment (inclusive); null for a single shift. */
    repeatWeeklyUntil: isoDateTime.nullable(),
  })
  .strict()
  .refine((shift) => Date.parse(shift.endsAt) > Date.parse(shift.startsAt), {
    message: 'The shift must end after it starts',
    path: ['endsAt'],
  })
  .refine((shift) => Date.parse(shift.endsAt) - Date.parse(shift.startsAt) <= MAX_SHIFT_HOURS * 3_600_000, {
    message: `A shift lasts at most ${MAX_SHIFT_HOURS} hours`,
    path: ['endsAt'],
  })
  .refine(
    (shift) => shift.repeatWeeklyUntil === null || Date.parse(shift.repeatWeeklyUntil) >= Date.parse(shift.startsAt),
    {
      message: 'The repetition must end after the first shift',
      path: ['repeatWeeklyUntil'],
    },
  );

export const shiftOccurrence = z.object({
  shiftId: z.string(),
  userId: z.string(),
  userName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  recurring: z.boolean(),
});
export type ShiftOccurrence = z.infer<typeof shiftOccurrence>;

export const listShiftsInput = z
  .object({ from: isoDateTime, to: isoDateTime, userId: z.uuid().optional() })
  .strict()
  .refine((range) => Date.parse(range.to) > Date.parse(range.from), {
    message: 'The end must come after the start',
    path: ['to'],
  })
  .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= 62 * 86_400_000, {
    message: 'Show at most two months at a time',
    path: ['to'],
  });

export const myShiftOutput = z.object({
  /** Owner, org admin and facility admin need no shift for clinical work. */
  exempt: z.boolean(),
  clockedIn: z.boolean(),
  clockedInAt: z.string().nullable(),
  /** The occurrence the user may clock in to now (grace included), or is clocked in to. */
  current: shiftOccurrence.nullable(),
  next: shiftOccurrence.nullable(),
});
export type MyShift = z.infer<typeof myShiftOutput>;

export const shiftPolicy = z.object({ clockInGraceMinutes: z.number().int().min(0).max(60) }).strict();
export const DEFAULT_SHIFT_POLICY = { clockInGraceMinutes: 15 };

const empty = z.object({}).strict();

export const shiftsContract = {
  'shifts.list': { input: listShiftsInput, output: z.array(shiftOccurrence) },
  'shifts.schedule': { input: scheduleShiftInput, output: shiftOccurrence },
  'shifts.cancel': { input: z.object({ shiftId: z.uuid() }).strict(), output: z.object({ ok: z.literal(true) }) },
  'shifts.mine': { input: empty, output: myShiftOutput },
  'shifts.clockIn': { input: empty, output: myShiftOutput },
  'shifts.clockOut': { input: empty, output: myShiftOutput },
  'shifts.getPolicy': { input: empty, output: shiftPolicy },
  'shifts.setPolicy': { input: shiftPolicy, output: shiftPolicy },
} as const;
