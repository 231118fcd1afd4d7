/**
 * The sync commands through the dispatcher, on real cores (own SQLCipher
 * stores) and the real sync server on loopback: connecting and enrolling with
 * step-up, joining a fresh workstation in the background, "sync now" that
 * leaves the dispatcher free while the network runs, devices, and conflicts
 * shown only as far as the caller may see the record.
 */
import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PatientDetailsInput, PatientView } from '../../shared/api/patients';
import type {
  DeviceSummaryView,
  EnrollmentCodeView,
  JoinStatus,
  SyncConflictView,
  SyncStatus,
} from '../../shared/api/sync';
import type { FetchLike } from '../../electron/core/sync/client';
import type { SyncEngineOptions } from '../../electron/core/sync/engine';
import { MESSAGES } from '../../electron/core/sync/errors';
import { FACILITY, OWNER } from '../../electron/core/identity/testing';
import { ADMIN, TestServer, Workstation } from './sync/support';

const AMINA: PatientDetailsInput = {
  familyName: 'Wanjiru',
  givenName: 'Amina',
  sex: 'female',
  birth: { kind: 'date', date: '1990-04-12' },
  residence: { county: 'Kilifi', village: 'Mariakani' },
  identifiers: [],
};
const ZAWADI: PatientDetailsInput = {
  familyName: 'Achieng',
  givenName: 'Zawadi',
  sex: 'female',
  birth: { kind: 'date', date: '1987-02-03' },
  residence: { county: 'Kilifi', village: 'Rabai' },
  identifiers: [],
  sensitivity: 'hiv',
};

/** Holds matching requests of a workstation's sync client until opened. */
class Gate {
  held = 0;
  private release: () => void = () => undefined;
  private readonly opened = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  open(): void {
    this.release();
  }

  holding(matches: (method: string, path: string) => boolean): FetchLike {
    return async (url, init) => {
      if (matches(init.method ?? 'GET', new URL(url).pathname)) {
        this.held += 1;
        await this.opened;
      }
      return fetch(url, init);
    };
  }
}

let server: TestServer;
let opened: Workstation[] = [];

beforeEach(async () => {
  server = await TestServer.start();
});
afterEach(async () => {
  for (const ws of opened) ws.dispose();
  opened = [];
  await server.close();
});

async function open(name: string, sync: SyncEngineOptions = {}): Promise<Workstation> {
  const ws = await Workstation.open(name, { sync });
  opened.push(ws);
  return ws;
}

function totp(ws: Workstation, secret: string): string {
  return generateSync({ secret, epoch: Math.floor(ws.now / 1000) });
}

/** Enrolls the signed-in owner's authenticator on `ws` and steps up; returns the secret. */
async function stepUpOwner(ws: Workstation, secret?: string): Promise<string> {
  let key = secret;
  if (key === undefined) {
    ({ secret: key } = await ws.ok<{ secret: string }>(ADMIN, 'mfa.beginEnrollment'));
    await ws.ok(ADMIN, 'mfa.confirmEnrollment', { code: totp(ws, key) });
  }
  ws.now += 30_000; // a code of a step not used yet
  await ws.ok(ADMIN, 'auth.stepUp', { password: OWNER.password, code: totp(ws, key) });
  return key;
}

/** Workstation A, set up and connected through sync.connect; returns it with the owner's authenticator secret. */
async function connectedFirst(fetch?: FetchLike): Promise<{ a: Workstation; secret: string }> {
  const a = await open('a', fetch === undefined ? {} : { fetch });
  await a.setUpFacility();
  await a.signInOwner();
  const secret = await stepUpOwner(a);
  const before = await a.ok<SyncStatus>(ADMIN, 'sync.status');
  expect(before).toMatchObject({ configured: false, facilityId: a.facilityId() });
  const status = await a.ok<SyncStatus>(ADMIN, 'sync.connect', {
    serverUrl: `${server.url}/`,
    bootstrapToken: server.tokenFor(a.facilityId()),
  });
  expect(status).toMatchObject({ configured: true, serverUrl: server.url, facilityId: a.facilityId() });
  return { a, secret };
}

async function waitForJoin(ws: Workstation): Promise<JoinStatus> {
  return vi.waitFor(
    async () => {
      const status = await ws.ok<JoinStatus>('first-run', 'sync.joinStatus');
      if (status.state === 'joining') throw new Error('still joining');
      return status;
    },
    { timeout: 20_000, interval: 20 },
  );
}

async function waitForRun(ws: Workstation): Promise<SyncStatus> {
  return vi.waitFor(
    async () => {
      const status = await ws.ok<SyncStatus>(ADMIN, 'sync.status');
      if (status.running) throw new Error('still running');
      return status;
    },
    { timeout: 20_000, interval: 20 },
  );
}

/** A second workstation joined through sync.join with a code made through sync.createEnrollmentCode on `a`. */
async function joinedSecond(a: Workstation): Promise<Workstation> {
  // A fresh run after whatever the automatic loop started at connect, so every record made so far is on the server.
  await waitForRun(a);
  await a.sync.syncNow();
  const enrollment = await a.ok<EnrollmentCodeView>(ADMIN, 'sync.createEnrollmentCode', { ttlHours: 2 });
  const b = await open('b');
  const started = await b.ok<JoinStatus>('first-run', 'sync.join', {
    serverUrl: enrollment.serverUrl,
    code: enrollment.code.toLowerCase().replace(/-/g, ' '),
  });
  expect(started.state).toBe('joining');
  expect(await waitForJoin(b)).toMatchObject({ state: 'done', error: null });
  return b;
}

describe('enrolling and joining through the commands', () => {
  it('connects, makes a code that never reaches the audit trail, and a fresh workstation joins with it', async () => {
    const { a, secret } = await connectedFirst();
    const enrollment = await a.ok<EnrollmentCodeView>(ADMIN, 'sync.createEnrollmentCode', { ttlHours: 2 });
    expect(enrollment.code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){5}$/);
    expect(enrollment.serverUrl).toBe(server.url);
    expect(enrollment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    // Two hours by the server's clock, which the test keeps within a minute or two of A's.
    const lifetime = Date.parse(enrollment.expiresAt) - a.now;
    expect(lifetime).toBeGreaterThan(115 * 60_000);
    expect(lifetime).toBeLessThan(125 * 60_000);
    const trail = JSON.stringify(a.db.prepare('SELECT * FROM audit_log').all());
    expect(trail).toContain('sync.createEnrollmentCode');
    expect(trail).not.toContain(enrollment.code);

    await waitForRun(a); // the first run, started on connecting, has sent the facility and its accounts
    const b = await open('b');
    expect(await b.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: true });
    await b.ok('first-run', 'sync.join', { serverUrl: server.url, code: enrollment.code });
    expect(await waitForJoin(b)).toMatchObject({ state: 'done' });
    // Joined: the facility and its accounts are here, and joining again is refused.
    expect(await b.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: false });
    expect(
      await b.core.dispatch('first-run', 'sync.join', { serverUrl: server.url, code: enrollment.code }),
    ).toMatchObject({ ok: false, code: 'CONFLICT' });
    b.now = a.now + 60_000;
    await b.signInOwner();
    await b.ok(ADMIN, 'auth.verifyMfa', { code: totp(b, secret) });
    const devices = await b.ok<{ devices: DeviceSummaryView[] }>(ADMIN, 'sync.devices');
    expect(devices.devices.filter((device) => device.kind === 'workstation')).toHaveLength(2);
    expect(devices.devices.find((device) => device.isThisWorkstation)?.deviceId).toBe(b.sync.deviceId);
  });

  it('waits for the facility when the enrolling workstation has not sent it yet, then finishes on its own', async () => {
    // A's pushes wait at a gate: it has made a code but its records are not on the server yet.
    const gate = new Gate();
    const { a } = await connectedFirst(gate.holding((method, path) => method === 'POST' && path.endsWith('/batches')));
    const enrollment = await a.ok<EnrollmentCodeView>(ADMIN, 'sync.createEnrollmentCode', { ttlHours: 1 });
    const b = await open('b', { intervalMs: 100 });
    await b.ok('first-run', 'sync.join', { serverUrl: server.url, code: enrollment.code });
    expect(await waitForJoin(b)).toMatchObject({ state: 'waiting', error: null });
    expect(await b.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: true });
    // No facility yet, but a second one must not be set up on a workstation that has joined one.
    expect(
      await b.core.dispatch('first-run', 'setup.complete', {
        organizationName: 'Another Org',
        facility: FACILITY,
        owner: OWNER,
      }),
    ).toMatchObject({ ok: false, code: 'CONFLICT' });

    gate.open();
    await vi.waitFor(async () => expect(await b.ok('first-run', 'sync.joinStatus')).toMatchObject({ state: 'done' }), {
      timeout: 20_000,
      interval: 50,
    });
    expect(await b.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: false });
  });

  it('keeps trying on its own when the link drops after the code was redeemed, and says why it is slow', async () => {
    const { a } = await connectedFirst();
    await a.ok(ADMIN, 'patients.register', AMINA);
    await a.sync.syncNow();
    const enrollment = await a.ok<EnrollmentCodeView>(ADMIN, 'sync.createEnrollmentCode', { ttlHours: 1 });
    // The link is down for pulls: the code is redeemed, then the initial sync cannot fetch a page.
    const link = { up: false };
    const b = await open('b', {
      intervalMs: 100,
      backoffBaseMs: 1_000,
      random: () => 0,
      fetch: (url, init) => {
        const pull = (init.method ?? 'GET') === 'GET' && new URL(url).pathname.endsWith('/batches');
        return pull && !link.up ? Promise.reject(new TypeError('fetch failed')) : fetch(url, init);
      },
    });
    await b.ok('first-run', 'sync.join', { serverUrl: server.url, code: enrollment.code });
    await vi.waitFor(
      async () =>
        expect(await b.ok('first-run', 'sync.joinStatus')).toMatchObject({ state: 'joining', error: MESSAGES.offline }),
      { timeout: 20_000, interval: 20 },
    );
    // Joining again would be refused (the workstation is enrolled and the code spent); it needs no one.
    link.up = true;
    expect(await waitForJoin(b)).toMatchObject({ state: 'done', error: null });
    expect(await b.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: false });
  });

  it('reports a used code as a plain failure of the join', async () => {
    const { a } = await connectedFirst();
    await a.sync.syncNow();
    const enrollment = await a.ok<EnrollmentCodeView>(ADMIN, 'sync.createEnrollmentCode', { ttlHours: 1 });
    const c = await open('c');
    await c.ok('first-run', 'sync.join', { serverUrl: server.url, code: enrollment.code });
    expect(await waitForJoin(c)).toMatchObject({ state: 'done' });
    const d = await open('d');
    await d.ok('first-run', 'sync.join', { serverUrl: server.url, code: enrollment.code });
    expect(await waitForJoin(d)).toEqual({
      state: 'failed',
      phase: null,
      done: 0,
      total: null,
      error: 'That enrollment code has already been used. Ask an administrator for a new one.',
    });
    expect(await d.ok('first-run', 'setup.status')).toMatchObject({ needsSetup: true });
  });

  it('makes a recovery kit that rebuilds a workstation, and revokes a workstation with a new key', async () => {
    const { a } = await connectedFirst();
    const b = await joinedSecond(a);
    const kit = await a.ok<{ facilityId: string; serverUrl: string; secret: string; qrCodeDataUrl: string }>(
      ADMIN,
      'sync.createRecoveryKit',
    );
    expect(kit).toMatchObject({ facilityId: a.facilityId(), serverUrl: server.url });
    expect(kit.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(JSON.stringify(a.db.prepare('SELECT * FROM audit_log').all())).not.toContain(kit.secret);

    const rebuilt = await open('rebuilt');
    await rebuilt.ok('first-run', 'sync.recover', {
      serverUrl: kit.serverUrl,
      facilityId: kit.facilityId,
      secret: kit.secret.replace(/-/g, ' '),
    });
    expect(await waitForJoin(rebuilt)).toMatchObject({ state: 'done' });
    expect(rebuilt.facilityId()).toBe(a.facilityId());

    const keyBefore = (await a.ok<SyncStatus>(ADMIN, 'sync.status')).currentKeyId;
    expect(await a.core.dispatch(ADMIN, 'sync.revokeDevice', { deviceId: a.sync.deviceId })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    const { newKeyId } = await a.ok<{ newKeyId: string }>(ADMIN, 'sync.revokeDevice', { deviceId: b.sync.deviceId });
    expect(newKeyId).not.toBe(keyBefore);
    expect((await a.ok<SyncStatus>(ADMIN, 'sync.status')).currentKeyId).toBe(newKeyId);
    const { devices } = await a.ok<{ devices: DeviceSummaryView[] }>(ADMIN, 'sync.devices');
    expect(devices.find((device) => device.deviceId === b.sync.deviceId)?.status).toBe('revoked');
  });
});

describe('sync now', () => {
  it('returns at once and leaves the dispatcher free while the network runs', async () => {
    // A's pulls wait at a gate the test opens, so the run is certainly still going when the next commands arrive.
    const gate = new Gate();
    const { a } = await connectedFirst(gate.holding((method, path) => method === 'GET' && path.endsWith('/batches')));
    const started = await a.ok<SyncStatus>(ADMIN, 'sync.now');
    expect(started.running).toBe(true);
    await vi.waitFor(() => expect(gate.held).toBeGreaterThan(0));

    // While the pull waits, other commands run and commit.
    const patient = await a.ok<PatientView>(ADMIN, 'patients.register', { ...AMINA, confirmedNotDuplicate: true });
    expect(a.db.prepare('SELECT count(*) FROM patients WHERE id = ?').pluck().get(patient.id)).toBe(1);
    expect(await a.ok<SyncStatus>(ADMIN, 'sync.status')).toMatchObject({ running: true });
    expect(await a.ok<SyncStatus>(ADMIN, 'sync.now')).toMatchObject({ running: true });

    gate.open();
    const done = await waitForRun(a);
    expect(done).toMatchObject({ running: false, lastError: null, online: true });
    expect(done.lastSyncAt).not.toBeNull();
  });
});

describe('conflicts', () => {
  /** A and B edit the same two patients' village while apart; B edits later, so A's edits lose. */
  async function concurrentEdits(): Promise<{ a: Workstation; amina: PatientView; zawadi: PatientView }> {
    const { a, secret } = await connectedFirst();
    const amina = await a.ok<PatientView>(ADMIN, 'patients.register', { ...AMINA, confirmedNotDuplicate: true });
    const zawadi = await a.ok<PatientView>(ADMIN, 'patients.register', { ...ZAWADI, confirmedNotDuplicate: true });
    const b = await joinedSecond(a);
    // The owner's authenticator came with the accounts; a code of a later step than any used on A.
    b.now = a.now + 60_000;
    await b.signInOwner();
    await b.ok(ADMIN, 'auth.verifyMfa', { code: totp(b, secret) });
    // Each loop ran once on starting and waits a minute before the next: the edits below stay apart.
    await waitForRun(a);
    await waitForRun(b);
    for (const [patient, details] of [
      [amina, AMINA],
      [zawadi, ZAWADI],
    ] as const) {
      await a.ok(ADMIN, 'patients.update', {
        ...details,
        patientId: patient.id,
        residence: { county: 'Kilifi', village: 'Kaloleni town' },
      });
    }
    b.now = Math.max(a.now, b.now) + 1_000;
    for (const [patient, details] of [
      [amina, AMINA],
      [zawadi, ZAWADI],
    ] as const) {
      await b.ok(ADMIN, 'patients.update', {
        ...details,
        patientId: patient.id,
        residence: { county: 'Kilifi', village: 'Mariakani market' },
      });
    }
    for (const ws of [a, b, a]) {
      await ws.ok(ADMIN, 'sync.now');
      expect(await waitForRun(ws)).toMatchObject({ lastError: null });
    }
    return { a, amina, zawadi };
  }

  it('shows values to a caller who may see the record, and only table, field, time and device otherwise', async () => {
    const { a, amina, zawadi } = await concurrentEdits();
    expect((await a.ok<SyncStatus>(ADMIN, 'sync.status')).conflictsToReview).toBe(2);

    const asOwner = (await a.ok<{ conflicts: SyncConflictView[] }>(ADMIN, 'sync.conflicts')).conflicts;
    expect(asOwner).toHaveLength(2);
    for (const conflict of asOwner) {
      expect(conflict).toMatchObject({
        table: 'patients',
        column: 'village',
        values: { winning: '"Mariakani market"', losing: '"Kaloleni town"' },
      });
    }
    expect(asOwner.map((conflict) => conflict.patientId).sort()).toEqual([amina.id, zawadi.id].sort());

    // A facility admin reviews conflicts but holds no sensitive-record permission.
    await a.ok(ADMIN, 'users.create', {
      username: 'juma.admin',
      displayName: 'Juma Admin',
      roles: ['facility_admin'],
      temporaryPassword: 'Nyumba-Ya-Mawe-Pwani-88',
    });
    await a.ok('fa', 'auth.login', { username: 'juma.admin', password: 'Nyumba-Ya-Mawe-Pwani-88' });
    await a.ok('fa', 'auth.changePassword', {
      currentPassword: 'Nyumba-Ya-Mawe-Pwani-88',
      newPassword: 'Kisima-Cha-Maji-Safi-31',
    });
    const asAdmin = (await a.ok<{ conflicts: SyncConflictView[] }>('fa', 'sync.conflicts')).conflicts;
    const open = asAdmin.find((conflict) => conflict.patientId === amina.id);
    expect(open?.values).toEqual({ winning: '"Mariakani market"', losing: '"Kaloleni town"' });
    const hidden = asAdmin.filter((conflict) => conflict.values === null);
    expect(hidden).toHaveLength(1);
    expect(hidden[0]).toMatchObject({ table: 'patients', column: 'village', rowId: null, patientId: null });
    expect(JSON.stringify(asAdmin)).not.toContain(zawadi.id);
    expect(hidden[0]?.losingDeviceId).toEqual(expect.any(String));

    // Reviewing marks it for everyone on this workstation; the entry itself stays.
    const reviewed = open?.id ?? '';
    await a.ok('fa', 'sync.markConflictReviewed', { conflictId: reviewed });
    expect(
      (await a.ok<{ conflicts: SyncConflictView[] }>('fa', 'sync.conflicts')).conflicts.map((conflict) => conflict.id),
    ).not.toContain(reviewed);
    const all = (await a.ok<{ conflicts: SyncConflictView[] }>('fa', 'sync.conflicts', { includeReviewed: true }))
      .conflicts;
    expect(all.find((conflict) => conflict.id === reviewed)).toMatchObject({ reviewedByName: 'Juma Admin' });
    expect(await a.core.dispatch('fa', 'sync.markConflictReviewed', { conflictId: reviewed })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    expect((await a.ok<SyncStatus>(ADMIN, 'sync.status')).conflictsToReview).toBe(1);
  });
});
