import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MyShift, ShiftOccurrence } from '../../../shared/api/shifts';
import { RuleAccessPolicy } from '../access/policy';
import type { CommandDefinition } from '../commands/types';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { registerPatient } from '../visits/clinical-test-support';
import { ScheduledShiftGate } from './gate';
import { ShiftRepository } from './repository';
import { occurrenceAt, occurrencesBetween, WEEK_MS } from './occurrences';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T06:00:00Z'); // a Monday, 09:00 in Nairobi

describe('shift occurrences', () => {
  const single = { startsAt: T0, endsAt: T0 + 8 * HOUR, repeatUntil: null };
  const weekly = { ...single, repeatUntil: T0 + 3 * WEEK_MS };

  it('open for clock-in from the grace before the start until the end', () => {
    expect(occurrenceAt(single, T0 - 16 * MINUTE, 15 * MINUTE)).toBeNull();
    expect(occurrenceAt(single, T0 - 15 * MINUTE, 15 * MINUTE)).toEqual({ start: T0, end: T0 + 8 * HOUR });
    expect(occurrenceAt(single, T0 + 8 * HOUR - 1, 15 * MINUTE)).not.toBeNull();
    expect(occurrenceAt(single, T0 + 8 * HOUR, 15 * MINUTE)).toBeNull();
    expect(occurrenceAt(single, T0 + WEEK_MS, 15 * MINUTE)).toBeNull();
  });

  it('repeat weekly until the end of the pattern, inclusive', () => {
    expect(occurrenceAt(weekly, T0 + 2 * WEEK_MS + HOUR, 0)).toEqual({
      start: T0 + 2 * WEEK_MS,
      end: T0 + 2 * WEEK_MS + 8 * HOUR,
    });
    expect(occurrenceAt(weekly, T0 + 3 * WEEK_MS + HOUR, 0)).not.toBeNull();
    expect(occurrenceAt(weekly, T0 + 4 * WEEK_MS + HOUR, 0)).toBeNull();
    expect(occurrencesBetween(weekly, T0 - WEEK_MS, T0 + 10 * WEEK_MS)).toHaveLength(4);
    expect(occurrencesBetween(weekly, T0 + WEEK_MS + HOUR, T0 + WEEK_MS + 2 * HOUR)).toEqual([
      { start: T0 + WEEK_MS, end: T0 + WEEK_MS + 8 * HOUR },
    ]);
  });
});

describe('scheduling and clocking in', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let h: CoreHarness;
  let nurseId: string;
  const ADMIN = 'owner-window';
  const NURSE = 'nurse-window';
  const shiftGated = {
    name: 'clinical.write',
    access: 'session',
    requiresActiveShift: true,
    requiresStepUp: false,
  } as unknown as CommandDefinition;

  beforeEach(async () => {
    dir = makeTempDir();
    h = await CoreHarness.open(dir.path, T0 - 2 * HOUR);
    await h.setUpFacility();
    await h.signInOwner(ADMIN);
    nurseId = (
      await h.ok<{ id: string }>(ADMIN, 'users.create', {
        username: 'wanjiku.nurse',
        displayName: 'Wanjiku',
        roles: ['nurse'],
        temporaryPassword: 'Ndege-Wanaimba-Asubuhi-77',
      })
    ).id;
    await h.ok(NURSE, 'auth.login', { username: 'wanjiku.nurse', password: 'Ndege-Wanaimba-Asubuhi-77' });
    await h.ok(NURSE, 'auth.changePassword', {
      currentPassword: 'Ndege-Wanaimba-Asubuhi-77',
      newPassword: 'Mvua-Inanyesha-Leo-Jioni-5',
    });
  });
  afterEach(() => {
    h.core.close();
    dir.remove();
  });

  const schedule = (caller: string, repeatWeeklyUntil: string | null = null) =>
    h.call(caller, 'shifts.schedule', {
      userId: nurseId,
      startsAt: new Date(T0).toISOString(),
      endsAt: new Date(T0 + 8 * HOUR).toISOString(),
      repeatWeeklyUntil,
    });
  const gateAllowsNurse = () => {
    const session = h.core.sessions.resolve(NURSE, new Date(h.now));
    if (session === null) throw new Error('nurse signed out');
    return new RuleAccessPolicy(new ScheduledShiftGate(h.core.services.shifts)).check(
      shiftGated,
      session,
      new Date(h.now),
    );
  };
  /** Moves the clock while keeping the nurse's session from idling out. */
  async function moveTo(at: number): Promise<void> {
    while (h.now < at) {
      h.advance(Math.min(4 * MINUTE, at - h.now));
      await h.ok(NURSE, 'session.activity');
      await h.ok(ADMIN, 'session.activity');
    }
  }

  it('lets admins and clinical managers schedule, but not nurses', async () => {
    expect(await schedule(NURSE)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await schedule(ADMIN)).toMatchObject({
      ok: true,
      value: { userId: nurseId, userName: 'Wanjiku', recurring: false },
    });
    expect(
      await h.call(ADMIN, 'shifts.schedule', {
        userId: nurseId,
        startsAt: new Date(T0).toISOString(),
        endsAt: new Date(T0 - HOUR).toISOString(),
        repeatWeeklyUntil: null,
      }),
    ).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'endsAt' }] });
  });

  it('refuses a clinical write without a shift, allows it once clocked in, and refuses it again after clock-out', async () => {
    await schedule(ADMIN);
    expect(gateAllowsNurse()).toMatchObject({ code: 'NO_ACTIVE_SHIFT', message: /Clock in/ });

    await moveTo(T0 - 20 * MINUTE);
    expect(await h.call(NURSE, 'shifts.clockIn')).toMatchObject({
      ok: false,
      code: 'NO_ACTIVE_SHIFT',
      message: /15 minutes before/,
    });
    await moveTo(T0 - 10 * MINUTE);
    const clocked = await h.ok<MyShift>(NURSE, 'shifts.clockIn');
    expect(clocked).toMatchObject({
      clockedIn: true,
      exempt: false,
      current: { startsAt: new Date(T0).toISOString() },
    });
    expect(gateAllowsNurse()).toBeNull();
    expect(await h.call(NURSE, 'shifts.clockIn')).toMatchObject({ code: 'CONFLICT' });

    await h.ok(NURSE, 'shifts.clockOut');
    expect(gateAllowsNurse()).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
  });

  it('ends the active shift when its occurrence ends, even without clock-out', async () => {
    await schedule(ADMIN);
    await moveTo(T0);
    await h.ok(NURSE, 'shifts.clockIn');
    await moveTo(T0 + 8 * HOUR);
    expect(gateAllowsNurse()).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
    expect(await h.ok<MyShift>(NURSE, 'shifts.mine')).toMatchObject({ clockedIn: false, current: null });
  });

  it('lets a weekly shift be clocked into next week, and shows the next occurrence', async () => {
    await schedule(ADMIN, new Date(T0 + 4 * WEEK_MS).toISOString());
    expect(await h.ok<MyShift>(NURSE, 'shifts.mine')).toMatchObject({
      current: null,
      next: { startsAt: new Date(T0).toISOString() },
    });
    h.now = T0 + WEEK_MS + HOUR;
    await h.ok(NURSE, 'auth.login', { username: 'wanjiku.nurse', password: 'Mvua-Inanyesha-Leo-Jioni-5' });
    expect(await h.ok<MyShift>(NURSE, 'shifts.clockIn')).toMatchObject({
      clockedIn: true,
      current: { startsAt: new Date(T0 + WEEK_MS).toISOString(), recurring: true },
    });
    const listed = await h.ok<ShiftOccurrence[]>(NURSE, 'shifts.list', {
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 5 * WEEK_MS).toISOString(),
    });
    expect(listed).toHaveLength(5);
  });

  it('follows the clock-in grace an admin sets', async () => {
    await schedule(ADMIN);
    await h.ok(ADMIN, 'shifts.setPolicy', { clockInGraceMinutes: 30 });
    await moveTo(T0 - 25 * MINUTE);
    expect(await h.call(NURSE, 'shifts.clockIn')).toMatchObject({ ok: true });
  });

  it('exempts owner, org admin and facility admin from shifts', async () => {
    const admin = h.core.sessions.resolve(ADMIN, new Date(h.now));
    expect(admin?.exemptFromShifts).toBe(true);
    expect(
      admin &&
        new RuleAccessPolicy(new ScheduledShiftGate(h.core.services.shifts)).check(shiftGated, admin, new Date(h.now)),
    ).toBeNull();
  });

  it('stops clock-ins to a cancelled shift', async () => {
    const scheduled = await h
      .ok<ShiftOccurrence>(ADMIN, 'shifts.cancel', { shiftId: '0190b7f4-7a3e-7cc0-8f6e-1a2b3c4d5e6f' })
      .catch((error: Error) => error);
    expect(scheduled).toBeInstanceOf(Error);
    const shift = await h.ok<ShiftOccurrence>(ADMIN, 'shifts.schedule', {
      userId: nurseId,
      startsAt: new Date(T0).toISOString(),
      endsAt: new Date(T0 + 8 * HOUR).toISOString(),
      repeatWeeklyUntil: null,
    });
    await h.ok(ADMIN, 'shifts.cancel', { shiftId: shift.shiftId });
    await moveTo(T0);
    expect(await h.call(NURSE, 'shifts.clockIn')).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
  });

  describe('the remembered clock-in', () => {
    const VITALS = { temperatureC: 37.1, pulseBpm: 80 };
    let visitId: string;
    beforeEach(async () => {
      const patient = await registerPatient(h);
      visitId = (await h.ok<{ id: string }>(ADMIN, 'visits.checkIn', { patientId: patient.id })).id;
    });
    const recordVitals = () => h.call(NURSE, 'vitals.record', { visitId, values: VITALS });

    it('refuses the next clinical write at once after clock-out', async () => {
      await schedule(ADMIN);
      await moveTo(T0);
      await h.ok(NURSE, 'shifts.clockIn');
      expect(await recordVitals()).toMatchObject({ ok: true });
      await h.ok(NURSE, 'shifts.clockOut');
      expect(await recordVitals()).toMatchObject({ ok: false, code: 'NO_ACTIVE_SHIFT' });
      await h.ok(NURSE, 'shifts.clockIn');
      expect(await recordVitals()).toMatchObject({ ok: true });
    });

    it('refuses clinical writes from the end of the shift on, though the nurse never clocked out', async () => {
      await schedule(ADMIN);
      await moveTo(T0);
      await h.ok(NURSE, 'shifts.clockIn');
      await moveTo(T0 + 8 * HOUR - 1);
      expect(await recordVitals()).toMatchObject({ ok: true });
      h.advance(1);
      expect(await recordVitals()).toMatchObject({ ok: false, code: 'NO_ACTIVE_SHIFT' });
    });

    it('answers as the clock-ins stored say when the clock is set back into the shift', async () => {
      await schedule(ADMIN);
      await moveTo(T0);
      await h.ok(NURSE, 'shifts.clockIn');
      await moveTo(T0 + 8 * HOUR);
      expect(await recordVitals()).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
      h.now = T0 + 8 * HOUR - 2 * MINUTE;
      expect(await recordVitals()).toMatchObject({ ok: true });
    });

    it('sees a clock-in or clock-out written by another repository on the same store', async () => {
      await schedule(ADMIN);
      await moveTo(T0);
      expect(gateAllowsNurse()).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
      const other = new ShiftRepository(h.core.store.db);
      const occurrence = other.clockableOccurrence(nurseId, new Date(h.now));
      if (occurrence === null) throw new Error('no occurrence to clock into');
      other.clockIn(nurseId, occurrence, new Date(h.now));
      expect(gateAllowsNurse()).toBeNull();
      const open = other.openClockIn(nurseId, new Date(h.now));
      if (open === null) throw new Error('not clocked in');
      other.clockOut(open.id, new Date(h.now));
      expect(gateAllowsNurse()).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
    });

    it('forgets a clock-in whose writes were rolled back once the gate is told', async () => {
      await schedule(ADMIN);
      await moveTo(T0);
      const { db } = h.core.store;
      const { shifts } = h.core.services;
      const gate = new ScheduledShiftGate(shifts);
      db.exec('BEGIN');
      const occurrence = shifts.clockableOccurrence(nurseId, new Date(h.now));
      if (occurrence === null) throw new Error('no occurrence to clock into');
      shifts.clockIn(nurseId, occurrence, new Date(h.now));
      expect(gateAllowsNurse()).toBeNull(); // read, and remembered, inside the transaction
      gate.invalidate();
      db.exec('ROLLBACK');
      expect(shifts.openClockIn(nurseId, new Date(h.now))).toBeNull();
      expect(gateAllowsNurse()).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
    });
  });
});
