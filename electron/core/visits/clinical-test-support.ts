import type { PatientDetailsInput, PatientView } from '../../../shared/api/patients';
import type { CoreHarness } from '../identity/testing';

export const ADMIN = 'owner-window';

export const PATIENT: PatientDetailsInput = {
  familyName: 'Wanjiru',
  givenName: 'Amina',
  sex: 'female',
  birth: { kind: 'date', date: '1990-04-12' },
  phone: '0712 345 678',
  residence: { county: 'Kilifi' },
  identifiers: [],
};

/** Creates a user with the given roles, signs them in at `caller` past the forced password change. */
export async function signInAs(h: CoreHarness, caller: string, username: string, roles: string[]): Promise<string> {
  const temporary = 'Ndege-Wanaimba-Asubuhi-77';
  await h.ok(ADMIN, 'users.create', { username, displayName: username, roles, temporaryPassword: temporary });
  await h.ok(caller, 'auth.login', { username, password: temporary });
  await h.ok(caller, 'auth.changePassword', { currentPassword: temporary, newPassword: 'Mvua-Inanyesha-Leo-Jioni-5' });
  return h.core.services.identity.userByUsername(username)?.id ?? '';
}

/** Schedules a shift around now for the user and clocks them in. */
export async function clockIn(h: CoreHarness, caller: string, userId: string): Promise<void> {
  await h.ok(ADMIN, 'shifts.schedule', {
    userId,
    startsAt: new Date(h.now - 60 * 60_000).toISOString(),
    endsAt: new Date(h.now + 8 * 60 * 60_000).toISOString(),
    repeatWeeklyUntil: null,
  });
  await h.ok(caller, 'shifts.clockIn');
}

export async function registerPatient(h: CoreHarness, details: PatientDetailsInput = PATIENT): Promise<PatientView> {
  return h.ok<PatientView>(ADMIN, 'patients.register', { ...details, confirmedNotDuplicate: true });
}
