import type { CommandResult } from '../../../shared/api/errors';
import type { PatientView } from '../../../shared/api/patients';
import { OWNER, setUpFacility } from './identity-flows';
import type { TestClock, TestWorkstation } from './test-workstation';

/**
 * Core's side of the clinical specs: the facility, staff and records a spec
 * needs but is not about, set up through the same dispatcher the page uses,
 * from callers other than the page (so the page itself stays signed out).
 */

/** The owner's window for setting things up through core. */
export const ADMIN = 'e2e-admin';

export interface Staff {
  username: string;
  displayName: string;
  temporaryPassword: string;
  password: string;
}

export const CLERK: Staff = {
  username: 'mary.atieno',
  displayName: 'Mary Atieno',
  temporaryPassword: 'Ferry-Lagoon-Cashew-58',
  password: 'Coral-Baobab-Window-36',
};
export const NURSE: Staff = {
  username: 'jane.wanjiru',
  displayName: 'Jane Wanjiru',
  temporaryPassword: 'Tide-Pebble-Orchid-93',
  password: 'Savanna-Copper-Violin-27',
};
export const CLINICIAN: Staff = {
  username: 'peter.mwangi',
  displayName: 'Peter Mwangi',
  temporaryPassword: 'Basalt-Meadow-Kettle-61',
  password: 'Granite-Heron-Lantern-84',
};
export const LAB_TECH: Staff = {
  username: 'halima.said',
  displayName: 'Halima Said',
  temporaryPassword: 'Coral-Window-Fennel-38',
  password: 'Mangrove-Signal-Pepper-52',
};
export const PHARMACIST: Staff = {
  username: 'otieno.ouma',
  displayName: 'Otieno Ouma',
  temporaryPassword: 'Pebble-Orchard-Violet-17',
  password: 'Baobab-Lantern-Crystal-66',
};

/** Runs a command through core that must succeed, and returns its value. */
export async function ok<T>(
  workstation: TestWorkstation,
  caller: string,
  name: string,
  input: unknown = {},
): Promise<T> {
  const result: CommandResult<unknown> = await workstation.endpoint.dispatch(caller, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.code} ${result.message}`);
  return result.value as T;
}

/** Sets the facility up and signs the owner in at ADMIN. */
export async function facilityWithOwner(workstation: TestWorkstation): Promise<void> {
  await setUpFacility(workstation);
  await ok(workstation, ADMIN, 'auth.login', { username: OWNER.username, password: OWNER.password });
}

/** Creates a user who has already chosen their own password, so they sign in straight to the app. */
export async function createStaff(
  workstation: TestWorkstation,
  staff: Staff,
  roles: readonly string[],
): Promise<string> {
  const { id } = await ok<{ id: string }>(workstation, ADMIN, 'users.create', {
    username: staff.username,
    displayName: staff.displayName,
    roles,
    temporaryPassword: staff.temporaryPassword,
  });
  const caller = `e2e-${staff.username}`;
  await ok(workstation, caller, 'auth.login', { username: staff.username, password: staff.temporaryPassword });
  await ok(workstation, caller, 'auth.changePassword', {
    currentPassword: staff.temporaryPassword,
    newPassword: staff.password,
  });
  await ok(workstation, caller, 'auth.logout');
  return id;
}

/** A shift around core's now: it began an hour ago and runs eight hours. */
export async function scheduleShift(workstation: TestWorkstation, clock: TestClock, userId: string): Promise<void> {
  const now = clock.now().getTime();
  await ok(workstation, ADMIN, 'shifts.schedule', {
    userId,
    startsAt: new Date(now - 60 * 60_000).toISOString(),
    endsAt: new Date(now + 8 * 60 * 60_000).toISOString(),
    repeatWeeklyUntil: null,
  });
}

/** Clocks a user in (their shift is scheduled) from another window than the page's. */
export async function clockInThroughCore(workstation: TestWorkstation, staff: Staff): Promise<void> {
  const caller = `e2e-${staff.username}`;
  await ok(workstation, caller, 'auth.login', { username: staff.username, password: staff.password });
  await ok(workstation, caller, 'shifts.clockIn');
  await ok(workstation, caller, 'auth.logout');
}

/** A member of staff with their role, on a shift that is running, already clocked in. */
export async function staffOnShift(
  workstation: TestWorkstation,
  clock: TestClock,
  staff: Staff,
  role: string,
): Promise<string> {
  const id = await createStaff(workstation, staff, [role]);
  await scheduleShift(workstation, clock, id);
  await clockInThroughCore(workstation, staff);
  return id;
}

/** Registers a patient as the owner (Kilifi, no identifiers unless given). */
export async function registerThroughCore(
  workstation: TestWorkstation,
  details: Record<string, unknown>,
): Promise<PatientView> {
  return ok<PatientView>(workstation, ADMIN, 'patients.register', {
    residence: { county: 'Kilifi' },
    identifiers: [],
    confirmedNotDuplicate: true,
    ...details,
  });
}
