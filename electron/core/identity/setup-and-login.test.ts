import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { CoreHarness, FACILITY, OWNER } from './testing';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

const setupWith = (password: string, overrides: Record<string, unknown> = {}) =>
  h.call('setup', 'setup.complete', {
    organizationName: 'Pwani Health',
    facility: FACILITY,
    owner: { ...OWNER, password },
    ...overrides,
  });

function auditRows(where = '1 = 1'): Record<string, unknown>[] {
  return h.core.store.db
    .prepare(`SELECT user_id, command, action, outcome, error_code FROM audit_log WHERE ${where} ORDER BY seq`)
    .all() as Record<string, unknown>[];
}

describe('first-run setup', () => {
  it('creates the organisation, facility and owner once, then never again', async () => {
    expect(await h.ok('w', 'setup.status')).toEqual({ needsSetup: true, facility: null });
    await h.setUpFacility();
    expect(await h.ok('w', 'setup.status')).toEqual({ needsSetup: false, facility: FACILITY });
    expect(await setupWith(OWNER.password)).toMatchObject({ ok: false, code: 'CONFLICT' });
    const owner = h.core.services.identity.userByUsername(OWNER.username);
    expect(h.core.services.identity.access(owner?.id ?? '').roles).toEqual(['owner']);
  });

  it.each([
    ['shorter than 12 characters', 'Tembo-42!', /at least 12/],
    ['too easy to guess', 'password1234', /too easy to guess/],
    ['containing the username', 'amina.admin-Mahindi-Kubwa-7', /username/],
    ['containing the facility name', 'kilifi dispensary rocks 99', /facility name/],
  ])('refuses an owner password %s, naming the field', async (_label, password, message) => {
    const result = await setupWith(password);
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(
      !result.ok && result.issues?.some((issue) => /password/.test(issue.path) && message.test(issue.message)),
    ).toBe(true);
    expect(await h.ok('w', 'setup.status')).toMatchObject({ needsSetup: true });
  });

  it('validates the MFL code', async () => {
    const result = await setupWith(OWNER.password, { facility: { ...FACILITY, mflCode: '12' } });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION', issues: [{ path: 'facility.mflCode' }] });
  });
});

describe('passwords', () => {
  it('are argon2id hashes with their parameters stored beside them (≥ 19 MiB, ≥ 2 iterations)', async () => {
    await h.setUpFacility();
    const hash = h.core.services.identity.userByUsername(OWNER.username)?.password_hash ?? '';
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain(OWNER.password);
  });

  it('are rehashed at sign-in when the configured parameters rise', async () => {
    await h.setUpFacility();
    await h.restart({ memoryKiB: 32 * 1024, iterations: 3 });
    await h.signInOwner();
    expect(h.core.services.identity.userByUsername(OWNER.username)?.password_hash).toMatch(
      /^\$argon2id\$v=19\$m=32768,t=3,p=1\$/,
    );
    await h.ok('owner-window', 'auth.logout');
    await h.signInOwner();
  });
});

describe('signing in', () => {
  beforeEach(() => h.setUpFacility());

  it('gives an unknown user and a wrong password the same answer', async () => {
    const unknown = await h.call('w', 'auth.login', { username: 'nobody.here', password: OWNER.password });
    const wrong = await h.call('w', 'auth.login', { username: OWNER.username, password: 'Not-The-Password-123' });
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: 'The username or password is not correct.',
    });
  });

  it('takes about as long for an unknown user as for a wrong password (argon2 runs either way)', async () => {
    const timeOf = async (username: string) => {
      const started = process.hrtime.bigint();
      await h.call('w', 'auth.login', { username, password: 'Not-The-Password-123' });
      h.advance(10_000);
      return Number(process.hrtime.bigint() - started);
    };
    await timeOf('warm.up');
    const unknown = (await timeOf('nobody.here')) + (await timeOf('nobody.else'));
    const wrong = (await timeOf(OWNER.username)) + (await timeOf(OWNER.username));
    expect(unknown / wrong).toBeGreaterThan(0.4);
    expect(unknown / wrong).toBeLessThan(2.5);
  });

  it('audits a failed sign-in against the account tried, and a successful one', async () => {
    await h.call('w', 'auth.login', { username: OWNER.username, password: 'Not-The-Password-123' });
    h.advance(2000);
    await h.signInOwner('w');
    const ownerId = h.core.services.identity.userByUsername(OWNER.username)?.id;
    expect(auditRows("command = 'auth.login'")).toEqual([
      {
        user_id: ownerId,
        command: 'auth.login',
        action: 'FAILED_LOGIN',
        outcome: 'failed',
        error_code: 'UNAUTHENTICATED',
      },
      { user_id: ownerId, command: 'auth.login', action: 'LOGIN', outcome: 'allowed', error_code: null },
    ]);
  });

  it('makes the user wait 1, 2, 4 and 8 s after successive failures, without checking the password meanwhile', async () => {
    for (const waitMs of [1000, 2000, 4000, 8000]) {
      expect(
        await h.call('w', 'auth.login', { username: OWNER.username, password: 'Wrong-Password-1234' }),
      ).toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      expect(await h.call('w', 'auth.login', { username: OWNER.username, password: OWNER.password })).toMatchObject({
        code: 'LOCKED',
        message: new RegExp(`Wait ${waitMs / 1000} seconds`),
      });
      h.advance(waitMs);
    }
    // The fourth wait is over: the right password still works before the fifth failure.
    expect(await h.call('w', 'auth.login', { username: OWNER.username, password: OWNER.password })).toMatchObject({
      ok: true,
    });
  });

  it('locks the account for 30 minutes after 5 consecutive failures, across a restart, until it expires', async () => {
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await h.call('w', 'auth.login', { username: OWNER.username, password: 'Wrong-Password-1234' });
      h.advance(8000);
    }
    const locked = await h.call('w', 'auth.login', { username: OWNER.username, password: OWNER.password });
    expect(locked).toMatchObject({ ok: false, code: 'LOCKED', message: /locked after too many failed attempts/ });

    await h.restart();
    expect(await h.call('w', 'auth.login', { username: OWNER.username, password: OWNER.password })).toMatchObject({
      code: 'LOCKED',
    });
    h.advance(30 * 60_000);
    expect(await h.call('w', 'auth.login', { username: OWNER.username, password: OWNER.password })).toEqual({
      ok: true,
      value: { stage: 'active' },
    });
  });

  it('refuses a deactivated user with the generic answer and ends their session', async () => {
    await h.signInOwner();
    const created = await h.ok<{ id: string }>('owner-window', 'users.create', {
      username: 'otieno.clerk',
      displayName: 'Otieno',
      roles: ['registration_clerk'],
      temporaryPassword: 'Samaki-Mkubwa-Ziwani-2026',
    });
    await h.ok('clerk-window', 'auth.login', { username: 'otieno.clerk', password: 'Samaki-Mkubwa-Ziwani-2026' });
    await h.ok('owner-window', 'users.deactivate', { userId: created.id });
    expect(await h.ok('clerk-window', 'session.status')).toEqual({ signedIn: false });
    expect(
      await h.call('w', 'auth.login', { username: 'otieno.clerk', password: 'Samaki-Mkubwa-Ziwani-2026' }),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'The username or password is not correct.',
    });
  });
});
