import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JoinStatus, SyncStatus } from '../../../shared/api/sync';
import { CoreHarness, OWNER } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';

/**
 * The sync commands through the dispatcher on a real core, without a server:
 * who may call what, step-up, the first-run rule for joining, and plain
 * failures. Everything that needs a live server (enrollment, joining,
 * conflicts from real concurrent edits) is in tests/integration/sync-commands.test.ts.
 */

const ADMIN = 'admin-window';
let temp: ReturnType<typeof makeTempDir>;
let h: CoreHarness;

beforeEach(async () => {
  temp = makeTempDir('zahanati-sync-commands-');
  h = await CoreHarness.open(temp.path);
});

afterEach(async () => {
  await h.core.services.sync.stop();
  h.core.close();
  temp.remove();
});

async function setUpAndSignIn(): Promise<void> {
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
}

/** Creates a user with these roles who has chosen their own password and is signed in at `caller`. */
async function signInAs(caller: string, username: string, roles: string[]): Promise<void> {
  const temporaryPassword = 'Nyumba-Ya-Mawe-Pwani-88';
  await h.ok(ADMIN, 'users.create', { username, displayName: username, roles, temporaryPassword });
  await h.ok(caller, 'auth.login', { username, password: temporaryPassword });
  await h.ok(caller, 'auth.changePassword', {
    currentPassword: temporaryPassword,
    newPassword: 'Kisima-Cha-Maji-Safi-31',
  });
}

/** A loopback address where nothing listens: a sync server that is down. */
async function deadServerUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${address.port}`;
}

describe('status', () => {
  it('reports a workstation that is not connected, to signed-in users who may view sync only', async () => {
    expect(await h.call('nobody', 'sync.status')).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    await setUpAndSignIn();
    const status = await h.ok<SyncStatus>(ADMIN, 'sync.status');
    expect(status).toMatchObject({ configured: false, serverUrl: null, running: false });
    // The facility and owner just set up wait to be sent once a server is connected.
    expect(status.pendingChanges).toBeGreaterThan(0);

    await signInAs('auditor-window', 'auditor', ['auditor']);
    expect(await h.call('auditor-window', 'sync.status')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses to sync before the workstation is connected', async () => {
    await setUpAndSignIn();
    expect(await h.call(ADMIN, 'sync.now')).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'This workstation is not connected to a sync server yet.',
    });
  });
});

describe('who may do what', () => {
  beforeEach(setUpAndSignIn);

  it('keeps devices, enrollment, recovery and conflicts from a nurse, who may only view and run sync', async () => {
    await signInAs('nurse-window', 'nurse', ['nurse']);
    for (const [name, input] of [
      ['sync.devices', {}],
      ['sync.createEnrollmentCode', {}],
      ['sync.createRecoveryKit', {}],
      ['sync.revokeDevice', { deviceId: 'some-device' }],
      ['sync.conflicts', {}],
      ['sync.markConflictReviewed', { conflictId: 'some-conflict' }],
      ['sync.connect', { serverUrl: 'https://sync.example.org', bootstrapToken: 'a-token-of-16-chars' }],
    ] as const) {
      expect(await h.call('nurse-window', name, input), name).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await h.call('nurse-window', 'sync.status')).toMatchObject({ ok: true });
    expect(await h.call('nurse-window', 'sync.now')).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('lets IT support enroll workstations but not make a recovery kit, which opens every record for good', async () => {
    await signInAs('it-window', 'it.support', ['it_support']);
    expect(await h.call('it-window', 'sync.createEnrollmentCode', { ttlHours: 24 })).toMatchObject({
      ok: false,
      code: 'STEP_UP_REQUIRED',
    });
    expect(await h.call('it-window', 'sync.createRecoveryKit')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await h.call('it-window', 'sync.conflicts')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('asks for step-up before connecting, enrolling, revoking or making a recovery kit, and audits the refusal', async () => {
    for (const [name, input] of [
      ['sync.connect', { serverUrl: 'https://sync.example.org', bootstrapToken: 'a-token-of-16-chars' }],
      ['sync.createEnrollmentCode', { ttlHours: 24 }],
      ['sync.revokeDevice', { deviceId: 'some-device' }],
      ['sync.createRecoveryKit', {}],
    ] as const) {
      expect(await h.call(ADMIN, name, input), name).toMatchObject({ ok: false, code: 'STEP_UP_REQUIRED' });
    }
    const { secret } = await h.enrollMfa(ADMIN);
    await h.ok(ADMIN, 'auth.stepUp', { password: OWNER.password, code: h.totp(secret) });
    // Past step-up, each meets the next rule: this workstation has no server yet.
    for (const [name, input] of [
      ['sync.createEnrollmentCode', {}],
      ['sync.createRecoveryKit', {}],
      ['sync.revokeDevice', { deviceId: 'some-device' }],
    ] as const) {
      expect(await h.call(ADMIN, name, input), name).toMatchObject({ ok: false, code: 'CONFLICT' });
    }
    const { entries } = await h.ok<{ entries: { command: string; errorCode: string | null }[] }>(
      ADMIN,
      'audit.search',
      { filter: {} },
    );
    expect(entries.filter((entry) => entry.errorCode === 'STEP_UP_REQUIRED').map((entry) => entry.command)).toEqual(
      expect.arrayContaining([
        'sync.connect',
        'sync.createEnrollmentCode',
        'sync.revokeDevice',
        'sync.createRecoveryKit',
      ]),
    );
  });

  it('validates the server address and the enrollment code lifetime', async () => {
    const { secret } = await h.enrollMfa(ADMIN);
    await h.ok(ADMIN, 'auth.stepUp', { password: OWNER.password, code: h.totp(secret) });
    for (const serverUrl of ['ftp://sync.example.org', 'sync.example.org', 'https://user:pw@sync.example.org']) {
      expect(await h.call(ADMIN, 'sync.connect', { serverUrl, bootstrapToken: 'a-token-of-16-chars' })).toMatchObject({
        ok: false,
        code: 'VALIDATION',
        issues: [{ path: 'serverUrl' }],
      });
    }
    for (const ttlHours of [0, 169, 1.5]) {
      expect(await h.call(ADMIN, 'sync.createEnrollmentCode', { ttlHours })).toMatchObject({
        ok: false,
        code: 'VALIDATION',
        issues: [{ path: 'ttlHours' }],
      });
    }
  });

  it('lists no conflicts on a workstation that never synced', async () => {
    expect(await h.ok(ADMIN, 'sync.conflicts')).toEqual({ conflicts: [] });
    expect(await h.call(ADMIN, 'sync.markConflictReviewed', { conflictId: 'no-such-conflict' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});

describe('joining a facility', () => {
  const code = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01';

  it('is refused once this workstation has a facility, as setup.complete is', async () => {
    await h.setUpFacility();
    expect(await h.call('first-run', 'sync.join', { serverUrl: 'https://sync.example.org', code })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: 'This workstation is already set up for a facility. Sign in instead.',
    });
    expect(
      await h.call('first-run', 'sync.recover', {
        serverUrl: 'https://sync.example.org',
        facilityId: '0195a0b0-0000-7000-8000-00000000000f',
        secret: 'abcdefghijklmnopqrstuvwxyz',
      }),
    ).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await h.ok<JoinStatus>('first-run', 'sync.joinStatus')).toMatchObject({ state: 'idle', error: null });
  });

  it('refuses a mistyped code or kit secret on its field, before going to the server', async () => {
    expect(
      await h.call('first-run', 'sync.join', { serverUrl: 'https://sync.example.org', code: 'ABCD-EFGH-JKMN' }),
    ).toMatchObject({ ok: false, code: 'VALIDATION', issues: [{ path: 'code' }] });
    expect(
      await h.call('first-run', 'sync.recover', {
        serverUrl: 'https://sync.example.org',
        facilityId: '0195a0b0-0000-7000-8000-00000000000f',
        secret: 'ABCD-EFGH-JKMN-PQRS-TVWX',
      }),
    ).toMatchObject({ ok: false, code: 'VALIDATION', issues: [{ path: 'secret' }] });
    expect(await h.ok<JoinStatus>('first-run', 'sync.joinStatus')).toMatchObject({ state: 'idle' });
  });

  it('starts in the background on a fresh workstation, and a dead server ends it with a plain error', async () => {
    const serverUrl = await deadServerUrl();
    const started = await h.ok<JoinStatus>('first-run', 'sync.join', { serverUrl, code });
    expect(started.state).toBe('joining');
    // The join runs outside the command: other commands answer meanwhile.
    expect(await h.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: true });

    const failed = await vi.waitFor(
      async () => {
        const status = await h.ok<JoinStatus>('first-run', 'sync.joinStatus');
        if (status.state === 'joining') throw new Error('still joining');
        return status;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(failed.state).toBe('failed');
    expect(failed.error).toEqual(expect.any(String));
    expect(failed.error).not.toMatch(/ECONNREFUSED|at .*\.ts|Error:/);
    // Nothing was set up: the workstation may still be set up or join again.
    expect(await h.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: true });
  });
});
