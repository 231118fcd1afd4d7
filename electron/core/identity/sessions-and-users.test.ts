import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UserSummary } from '../../../shared/api/identity';
import { makeTempDir } from '../testing/temp-dir';
import { CoreHarness, OWNER } from './testing';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
const ADMIN = 'owner-window';
const MINUTE = 60_000;
const NURSE = { username: 'wanjiku.nurse', displayName: 'Wanjiku Mwangi', password: 'Ndege-Wanaimba-Asubuhi-77' };

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

async function createNurse(): Promise<UserSummary> {
  return h.ok<UserSummary>(ADMIN, 'users.create', {
    username: NURSE.username,
    displayName: NURSE.displayName,
    roles: ['nurse'],
    temporaryPassword: NURSE.password,
  });
}

async function signInNurseWithOwnPassword(caller = 'nurse-window'): Promise<string> {
  await createNurse();
  await h.ok(caller, 'auth.login', { username: NURSE.username, password: NURSE.password });
  const own = 'Mvua-Inanyesha-Leo-Jioni-5';
  await h.ok(caller, 'auth.changePassword', { currentPassword: NURSE.password, newPassword: own });
  return own;
}

describe('idle lock and logout', () => {
  it('locks after 5 idle minutes, resumes only with the same user’s password, and signs out after 30', async () => {
    h.advance(5 * MINUTE);
    expect(await h.ok(ADMIN, 'session.status')).toMatchObject({ signedIn: true, locked: true });
    expect(await h.call(ADMIN, 'users.list')).toMatchObject({ ok: false, code: 'LOCKED' });
    expect(await h.call(ADMIN, 'auth.unlock', { password: 'Not-The-Password-1' })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    h.advance(1000);
    await h.ok(ADMIN, 'auth.unlock', { password: OWNER.password });
    expect(await h.call(ADMIN, 'users.list')).toMatchObject({ ok: true });

    h.advance(30 * MINUTE);
    expect(await h.ok(ADMIN, 'session.status')).toEqual({ signedIn: false });
    expect(await h.call(ADMIN, 'users.list')).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('counts activity but not status polling', async () => {
    h.advance(4 * MINUTE);
    await h.ok(ADMIN, 'session.activity');
    h.advance(4 * MINUTE);
    expect(await h.ok(ADMIN, 'session.status')).toMatchObject({ locked: false });
    h.advance(1 * MINUTE);
    expect(await h.ok(ADMIN, 'session.status')).toMatchObject({ locked: true });
    // Activity while locked does not unlock.
    await h.ok(ADMIN, 'session.activity');
    expect(await h.ok(ADMIN, 'session.status')).toMatchObject({ locked: true });
  });

  it('locks on request; "switch user" ends the session', async () => {
    await h.ok(ADMIN, 'auth.lock');
    expect(await h.ok(ADMIN, 'session.status')).toMatchObject({ locked: true });
    await h.ok(ADMIN, 'auth.logout');
    expect(await h.ok(ADMIN, 'session.status')).toEqual({ signedIn: false });
  });

  it('follows the admin’s limits, within 1–15 and 5–60 minutes', async () => {
    expect(
      await h.call(ADMIN, 'security.updatePolicy', { lockAfterMinutes: 16, logoutAfterMinutes: 30, mfaGraceDays: 7 }),
    ).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'lockAfterMinutes' }],
    });
    expect(
      await h.call(ADMIN, 'security.updatePolicy', { lockAfterMinutes: 5, logoutAfterMinutes: 61, mfaGraceDays: 7 }),
    ).toMatchObject({
      code: 'VALIDATION',
    });
    expect(
      await h.call(ADMIN, 'security.updatePolicy', { lockAfterMinutes: 10, logoutAfterMinutes: 5, mfaGraceDays: 7 }),
    ).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'logoutAfterMinutes' }],
    });
    await h.ok(ADMIN, 'security.updatePolicy', { lockAfterMinutes: 2, logoutAfterMinutes: 10, mfaGraceDays: 7 });
    expect(await h.ok(ADMIN, 'session.status')).toMatchObject({ lockAfterMs: 2 * MINUTE, logoutAfterMs: 10 * MINUTE });
    h.advance(2 * MINUTE);
    expect(await h.ok(ADMIN, 'session.status')).toMatchObject({ locked: true });
  });

  it('keeps each window’s session apart', async () => {
    expect(await h.ok('another-window', 'session.status')).toEqual({ signedIn: false });
    expect(await h.call('another-window', 'users.list')).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('step-up for high-risk commands', () => {
  it('needs password and TOTP again within 5 minutes', async () => {
    const { secret } = await h.enrollMfa(ADMIN);
    const nurse = await createNurse();
    const access = { userId: nurse.id, roles: ['nurse', 'midwife'], grants: [], revocations: [] };
    expect(await h.call(ADMIN, 'users.setAccess', access)).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    expect(await h.call(ADMIN, 'auth.stepUp', { password: 'Wrong-Password-123', code: h.totp(secret) })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    h.advance(1000);
    await h.ok(ADMIN, 'auth.stepUp', { password: OWNER.password, code: h.totp(secret) });
    expect(await h.ok(ADMIN, 'users.setAccess', access)).toMatchObject({ roles: ['midwife', 'nurse'] });
    for (const minutes of [3, 3]) {
      h.advance(minutes * MINUTE);
      await h.ok(ADMIN, 'session.activity');
    }
    expect(await h.call(ADMIN, 'users.setAccess', access)).toMatchObject({ code: 'STEP_UP_REQUIRED' });
  });

  it('cannot be done without an authenticator', async () => {
    expect(await h.call(ADMIN, 'auth.stepUp', { password: OWNER.password, code: '123456' })).toMatchObject({
      code: 'MFA_REQUIRED',
    });
  });
});

describe('permissions', () => {
  it('refuses a command the role lacks (FORBIDDEN) and audits the denial', async () => {
    await signInNurseWithOwnPassword();
    expect(await h.call('nurse-window', 'users.list')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const denied = h.core.store.db
      .prepare("SELECT outcome, error_code FROM audit_log WHERE command = 'users.list' ORDER BY seq DESC LIMIT 1")
      .get();
    expect(denied).toEqual({ outcome: 'denied', error_code: 'FORBIDDEN' });
  });

  it('applies grants and revocations at once and shows the effective set', async () => {
    const { secret } = await h.enrollMfa(ADMIN);
    await signInNurseWithOwnPassword();
    const nurse = h.core.services.identity.userByUsername(NURSE.username);
    await h.ok(ADMIN, 'auth.stepUp', { password: OWNER.password, code: h.totp(secret) });
    const changed = await h.ok<UserSummary>(ADMIN, 'users.setAccess', {
      userId: nurse?.id,
      roles: ['nurse'],
      grants: ['users.read'],
      revocations: ['vitals.amend'],
    });
    expect(changed.effectivePermissions).toContain('users.read');
    expect(changed.effectivePermissions).not.toContain('vitals.amend');
    expect(await h.call('nurse-window', 'users.list')).toMatchObject({ ok: true });
    const status = await h.ok<{ permissions: string[] }>('nurse-window', 'session.status');
    expect(status.permissions).toContain('users.read');
    expect(status.permissions).not.toContain('vitals.amend');
  });

  it('does not let an admin hand out access they do not hold', async () => {
    await h.ok(ADMIN, 'users.create', {
      username: 'juma.admin',
      displayName: 'Juma',
      roles: ['facility_admin'],
      temporaryPassword: 'Nyumba-Ya-Mawe-Pwani-88',
    });
    await h.ok('fa', 'auth.login', { username: 'juma.admin', password: 'Nyumba-Ya-Mawe-Pwani-88' });
    await h.ok('fa', 'auth.changePassword', {
      currentPassword: 'Nyumba-Ya-Mawe-Pwani-88',
      newPassword: 'Kisima-Cha-Maji-Safi-31',
    });
    const attempt = await h.call('fa', 'users.create', {
      username: 'sneaky.owner',
      displayName: 'Sneaky',
      roles: ['owner'],
      temporaryPassword: 'Jua-Linawaka-Kali-Sana-4',
    });
    expect(attempt).toMatchObject({ ok: false, code: 'FORBIDDEN', message: /do not have yourself/ });
    expect(
      await h.call('fa', 'users.create', {
        username: 'new.clerk',
        displayName: 'Clerk',
        roles: ['registration_clerk'],
        temporaryPassword: 'Jua-Linawaka-Kali-Sana-4',
      }),
    ).toMatchObject({ ok: true });
  });
});

describe('user management', () => {
  it('creates a user who must change the temporary password at first sign-in', async () => {
    const nurse = await createNurse();
    expect(nurse).toMatchObject({
      username: NURSE.username,
      roles: ['nurse'],
      mustChangePassword: true,
      active: true,
      mfaEnabled: false,
    });
    expect(await h.ok('n', 'auth.login', { username: NURSE.username, password: NURSE.password })).toEqual({
      stage: 'password_change',
    });
    expect(await h.call('n', 'users.list')).toMatchObject({ code: 'FORBIDDEN', message: /Change your password/ });
    expect(
      await h.call('n', 'auth.changePassword', {
        currentPassword: 'Wrong-Current-123',
        newPassword: 'Mvua-Inanyesha-Leo-Jioni-5',
      }),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    h.advance(1000);
    expect(
      await h.call('n', 'auth.changePassword', { currentPassword: NURSE.password, newPassword: NURSE.password }),
    ).toMatchObject({
      code: 'VALIDATION',
    });
    expect(
      await h.ok('n', 'auth.changePassword', {
        currentPassword: NURSE.password,
        newPassword: 'Mvua-Inanyesha-Leo-Jioni-5',
      }),
    ).toEqual({
      stage: 'active',
    });
    expect(await h.ok('n', 'session.status')).toMatchObject({
      stage: 'active',
      user: { displayName: NURSE.displayName },
    });
  });

  it('refuses a duplicate username, whatever its case', async () => {
    await createNurse();
    expect(
      await h.call(ADMIN, 'users.create', {
        username: 'Wanjiku.Nurse',
        displayName: 'Other',
        roles: ['nurse'],
        temporaryPassword: 'Ndege-Wanaimba-Asubuhi-78',
      }),
    ).toMatchObject({ code: 'CONFLICT', issues: [{ path: 'username' }] });
  });

  it('lets an admin unlock a locked account, and audits it', async () => {
    const nurse = await createNurse();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await h.call('n', 'auth.login', { username: NURSE.username, password: 'Wrong-Password-1234' });
      h.advance(8000);
    }
    expect(
      (await h.ok<UserSummary[]>(ADMIN, 'users.list')).find((user) => user.id === nurse.id)?.lockedUntil,
    ).not.toBeNull();
    expect(await h.ok(ADMIN, 'users.unlock', { userId: nurse.id })).toMatchObject({ lockedUntil: null });
    expect(await h.call('n', 'auth.login', { username: NURSE.username, password: NURSE.password })).toMatchObject({
      ok: true,
    });
    const audited = h.core.store.db
      .prepare("SELECT user_id, action, resource_id, outcome FROM audit_log WHERE command = 'users.unlock'")
      .all();
    expect(audited).toEqual([
      {
        user_id: h.core.services.identity.userByUsername(OWNER.username)?.id,
        action: 'UPDATE',
        resource_id: nurse.id,
        outcome: 'allowed',
      },
    ]);
  });

  it('resets a password: the user is signed out and must change it at next sign-in', async () => {
    await signInNurseWithOwnPassword('n');
    const nurse = h.core.services.identity.userByUsername(NURSE.username);
    await h.ok(ADMIN, 'users.resetPassword', { userId: nurse?.id, temporaryPassword: 'Barabara-Ndefu-Sana-2030' });
    expect(await h.ok('n', 'session.status')).toEqual({ signedIn: false });
    expect(await h.ok('n', 'auth.login', { username: NURSE.username, password: 'Barabara-Ndefu-Sana-2030' })).toEqual({
      stage: 'password_change',
    });
  });

  it('cannot deactivate one’s own account', async () => {
    const own = h.core.services.identity.userByUsername(OWNER.username);
    expect(await h.call(ADMIN, 'users.deactivate', { userId: own?.id })).toMatchObject({ code: 'CONFLICT' });
  });

  it('answers NOT_FOUND for an unknown user id', async () => {
    expect(await h.call(ADMIN, 'users.unlock', { userId: '0190b7f4-7a3e-7cc0-8f6e-1a2b3c4d5e6f' })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('cached access', () => {
  const hasUsersList = (caller = 'nurse-window') => h.call(caller, 'users.list').then((result) => result.ok);

  it('takes a change written by anyone on the store (as sync applies another workstation’s) on the next command', async () => {
    await signInNurseWithOwnPassword();
    const nurseId = h.core.services.identity.userByUsername(NURSE.username)?.id;
    const { db } = h.core.store;
    expect(await hasUsersList()).toBe(false);
    expect(await hasUsersList()).toBe(false); // now answered from the cache

    db.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, 'facility_admin')").run(nurseId);
    expect(await hasUsersList()).toBe(true);
    db.prepare(
      "INSERT INTO user_permission_overrides (user_id, permission, effect) VALUES (?, 'users.read', 'revoke')",
    ).run(nurseId);
    expect(await hasUsersList()).toBe(false);
    db.prepare('DELETE FROM user_permission_overrides WHERE user_id = ?').run(nurseId);
    expect(await hasUsersList()).toBe(true);
    db.prepare("DELETE FROM user_roles WHERE user_id = ? AND role = 'facility_admin'").run(nurseId);
    expect(await hasUsersList()).toBe(false);

    db.prepare('UPDATE users SET active = 0 WHERE id = ?').run(nurseId);
    expect(await h.call('nurse-window', 'session.status')).toMatchObject({ ok: true, value: { signedIn: false } });
  });

  it('follows a security policy written directly to the settings', async () => {
    await signInNurseWithOwnPassword();
    h.advance(4 * MINUTE);
    expect(await h.call('nurse-window', 'session.status')).toMatchObject({ ok: true, value: { locked: false } });
    const policy = { ...h.core.services.identity.securityPolicy(), lockAfterMinutes: 2 };
    h.core.store.db.prepare("UPDATE settings SET value = ? WHERE key = 'security_policy'").run(JSON.stringify(policy));
    h.core.store.db
      .prepare("INSERT OR IGNORE INTO settings (key, value) VALUES ('security_policy', ?)")
      .run(JSON.stringify(policy));
    expect(await h.call('nurse-window', 'session.status')).toMatchObject({ ok: true, value: { locked: true } });
  });

  it('forgets access read from writes that were then rolled back', async () => {
    await signInNurseWithOwnPassword();
    const nurseId = h.core.services.identity.userByUsername(NURSE.username)?.id;
    const { db } = h.core.store;
    const canListUsers = () =>
      h.core.sessions.resolve('nurse-window', new Date(h.now))?.permissions.has('users.read') === true;
    expect(canListUsers()).toBe(false);
    db.exec('BEGIN');
    db.prepare("INSERT INTO user_roles (user_id, role) VALUES (?, 'facility_admin')").run(nurseId);
    expect(canListUsers()).toBe(true);
    db.exec('ROLLBACK');
    h.core.sessions.invalidate();
    expect(canListUsers()).toBe(false);
  });
});
