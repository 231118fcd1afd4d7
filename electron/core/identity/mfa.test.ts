import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { CoreHarness, OWNER } from './testing';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
const OWNER_WINDOW = 'owner-window';
const DAY = 24 * 60 * 60_000;

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(OWNER_WINDOW);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

const login = (caller: string, username = OWNER.username, password = OWNER.password) =>
  h.call(caller, 'auth.login', { username, password });

describe('TOTP enrollment', () => {
  it('shows a QR code and the key, and takes effect only once confirmed with a code', async () => {
    const enrollment = await h.ok<{ secret: string; otpauthUri: string; qrCodeDataUrl: string }>(
      OWNER_WINDOW,
      'mfa.beginEnrollment',
    );
    expect(enrollment.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(enrollment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Zahanati:.*secret=/);
    expect(enrollment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);

    // Not yet in effect: signing in again asks no code.
    expect(await login('other-window')).toEqual({ ok: true, value: { stage: 'active' } });
    expect(await h.call(OWNER_WINDOW, 'mfa.confirmEnrollment', { code: '000000' })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    h.advance(1000);
    const confirmed = await h.ok<{ recoveryCodes: string[] }>(OWNER_WINDOW, 'mfa.confirmEnrollment', {
      code: h.totp(enrollment.secret),
    });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.recoveryCodes).size).toBe(10);
    confirmed.recoveryCodes.forEach((code) => expect(code).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/));
    h.advance(30_000);
    expect(await login('third-window')).toEqual({ ok: true, value: { stage: 'mfa_challenge' } });
  });

  it('stores recovery codes only as hashes', async () => {
    const { recoveryCodes } = await h.enrollMfa(OWNER_WINDOW);
    const stored = h.core.store.db.prepare('SELECT code_hash FROM recovery_codes').pluck().all() as string[];
    expect(stored).toHaveLength(10);
    for (const code of recoveryCodes) {
      expect(stored.join()).not.toContain(code.replace('-', ''));
      expect(stored.join()).not.toContain(code);
    }
  });
});

describe('the MFA challenge at sign-in', () => {
  let secret: string;
  let recoveryCodes: string[];
  beforeEach(async () => {
    ({ secret, recoveryCodes } = await h.enrollMfa(OWNER_WINDOW));
    await h.ok(OWNER_WINDOW, 'auth.logout');
  });

  it('allows nothing but the code until it is given', async () => {
    await login('w');
    expect(await h.call('w', 'users.list')).toMatchObject({ ok: false, code: 'MFA_REQUIRED' });
    expect(await h.ok('w', 'session.status')).toMatchObject({ signedIn: true, stage: 'mfa_challenge' });
    expect(await h.ok('w', 'auth.verifyMfa', { code: h.totp(secret) })).toEqual({ stage: 'active' });
    expect(await h.call('w', 'users.list')).toMatchObject({ ok: true });
  });

  it('accepts a code one step early or late, but not two', async () => {
    h.advance(120_000); // well past the step used to confirm enrollment
    await login('w');
    expect(await h.call('w', 'auth.verifyMfa', { code: h.totp(secret, -2) })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    h.advance(2000);
    expect(await h.call('w', 'auth.verifyMfa', { code: h.totp(secret, -1) })).toMatchObject({ ok: true });
    await h.ok('w', 'auth.logout');
    h.advance(60_000);
    await login('w');
    expect(await h.call('w', 'auth.verifyMfa', { code: h.totp(secret, +1) })).toMatchObject({ ok: true });
  });

  it('refuses a code that was already accepted once', async () => {
    await login('w');
    const code = h.totp(secret);
    await h.ok('w', 'auth.verifyMfa', { code });
    await h.ok('w', 'auth.logout');
    await login('w');
    expect(await h.call('w', 'auth.verifyMfa', { code })).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: /already used/,
    });
  });

  it('takes each recovery code once', async () => {
    const [first] = recoveryCodes;
    await login('w');
    expect(await h.ok('w', 'auth.useRecoveryCode', { code: first })).toEqual({ stage: 'active' });
    await h.ok('w', 'auth.logout');
    await login('w');
    expect(await h.call('w', 'auth.useRecoveryCode', { code: first })).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: /already used/,
    });
    h.advance(2000);
    expect(await h.call('w', 'auth.useRecoveryCode', { code: recoveryCodes[1]?.toLowerCase() })).toMatchObject({
      ok: true,
    });
  });

  it('counts wrong codes towards the account lock', async () => {
    await login('w');
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await h.call('w', 'auth.verifyMfa', { code: '123456' });
      h.advance(8000);
    }
    expect(await h.ok('w', 'session.status')).toEqual({ signedIn: false });
    expect(await login('w')).toMatchObject({ code: 'LOCKED' });
  });
});

describe('mandatory MFA and its grace period', () => {
  const CLINICIAN = { username: 'dr.kamau', password: 'Mti-Mrefu-Sana-Kando-2026' };
  beforeEach(async () => {
    await h.ok(OWNER_WINDOW, 'users.create', {
      username: CLINICIAN.username,
      displayName: 'Dr Kamau',
      roles: ['clinician'],
      temporaryPassword: CLINICIAN.password,
    });
    // Start past the forced password change.
    const id = h.core.services.identity.userByUsername(CLINICIAN.username)?.id ?? '';
    h.core.services.identity.update(id, { must_change_password: 0 }, new Date(h.now));
  });

  it('lets a clinician work during the grace period, with the deadline shown', async () => {
    h.advance(6 * DAY);
    expect(await login('c', CLINICIAN.username, CLINICIAN.password)).toEqual({ ok: true, value: { stage: 'active' } });
    expect(await h.ok('c', 'session.status')).toMatchObject({
      mfa: { enabled: false, mandatory: true, graceEndsAt: new Date(Date.parse('2026-11-29T08:00:00Z')).toISOString() },
    });
  });

  it('after the grace period lets the clinician only enroll', async () => {
    h.advance(7 * DAY + 1);
    expect(await login('c', CLINICIAN.username, CLINICIAN.password)).toEqual({
      ok: true,
      value: { stage: 'mfa_enrollment' },
    });
    expect(await h.call('c', 'patients.search', { query: 'amina' })).toMatchObject({ code: 'MFA_REQUIRED' });
    expect(
      await h.call('c', 'auth.changePassword', { currentPassword: CLINICIAN.password, newPassword: 'x'.repeat(14) }),
    ).toMatchObject({
      code: 'MFA_REQUIRED',
    });
    const { secret } = await h.ok<{ secret: string }>('c', 'mfa.beginEnrollment');
    expect(await h.ok('c', 'mfa.confirmEnrollment', { code: h.totp(secret) })).toMatchObject({ stage: 'active' });
  });

  it('does not force MFA on roles where it is optional', async () => {
    await h.ok(OWNER_WINDOW, 'users.create', {
      username: 'wanjiku.nurse',
      displayName: 'Wanjiku',
      roles: ['nurse'],
      temporaryPassword: 'Ndege-Wanaimba-Asubuhi-77',
    });
    h.advance(30 * DAY);
    expect(await login('n', 'wanjiku.nurse', 'Ndege-Wanaimba-Asubuhi-77')).toEqual({
      ok: true,
      value: { stage: 'password_change' },
    });
  });

  it('follows the grace period an admin sets', async () => {
    await h.ok(OWNER_WINDOW, 'security.updatePolicy', { lockAfterMinutes: 5, logoutAfterMinutes: 30, mfaGraceDays: 0 });
    h.advance(1000);
    expect(await login('c', CLINICIAN.username, CLINICIAN.password)).toEqual({
      ok: true,
      value: { stage: 'mfa_enrollment' },
    });
  });

  it('after an admin resets MFA (with step-up), the clinician must enroll again at the next sign-in', async () => {
    const { secret } = await h.enrollMfa(OWNER_WINDOW);
    await login('c', CLINICIAN.username, CLINICIAN.password);
    const { secret: clinicianSecret } = await h.enrollMfa('c');
    const clinicianId = h.core.services.identity.userByUsername(CLINICIAN.username)?.id;

    expect(await h.call(OWNER_WINDOW, 'users.resetMfa', { userId: clinicianId })).toMatchObject({
      code: 'STEP_UP_REQUIRED',
    });
    await h.ok(OWNER_WINDOW, 'auth.stepUp', { password: OWNER.password, code: h.totp(secret) });
    expect(await h.ok(OWNER_WINDOW, 'users.resetMfa', { userId: clinicianId })).toMatchObject({ mfaEnabled: false });

    expect(await h.ok('c', 'session.status')).toEqual({ signedIn: false });
    h.advance(30_000);
    expect(await login('c', CLINICIAN.username, CLINICIAN.password)).toEqual({
      ok: true,
      value: { stage: 'mfa_enrollment' },
    });
    expect(clinicianSecret).not.toBe('');
  });
});
