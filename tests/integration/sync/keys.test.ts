/**
 * Keys and workstations against the real server: one-time enrollment codes,
 * revocation with key rotation, and rebuilding a workstation from a recovery kit.
 */
import { describe, expect, it } from 'vitest';
import type { PatientView } from '../../../shared/api/patients';
import { MESSAGES, SyncError } from '../../../electron/core/sync/errors';
import {
  ADMIN,
  canonicalDump,
  firstWorkstation,
  joinedWorkstation,
  START,
  syncAll,
  type TestServer,
  Workstation,
} from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

async function fresh(name: string): Promise<Workstation> {
  const ws = await Workstation.open(name);
  keep(ws);
  return ws;
}

async function first(): Promise<Workstation> {
  const a = await firstWorkstation(server, 'a');
  keep(a);
  return a;
}

const PATIENT = {
  familyName: 'Kamau',
  givenName: 'Neema',
  sex: 'female',
  birth: { kind: 'date', date: '2001-06-01' },
  residence: { county: 'Nakuru' },
  identifiers: [],
  confirmedNotDuplicate: true,
} as const;

/** The plain refusal a promise ends with. */
async function refusal(promise: Promise<unknown>): Promise<SyncError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SyncError)) throw new Error(`Expected a SyncError, got ${String(error)}`);
  expect(error.message).not.toMatch(/\n\s+at /); // never a stack trace
  return error;
}

describe('enrollment codes', () => {
  it('enroll a workstation once; the same code again is refused and leaves the second workstation untouched', async () => {
    const a = await first();
    await a.sync.syncNow();
    const { code, serverUrl, expiresAt } = await a.sync.createEnrollmentCode({ ttlHours: 24 });
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/);
    // The server's clock starts at START, whatever today's date is.
    expect(Date.parse(expiresAt) - START).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(Date.parse(expiresAt) - START).toBeLessThan(25 * 3_600_000);
    const b = await fresh('b');
    await b.sync.join({ serverUrl, code: code.toLowerCase().replace(/-/g, ' ') });
    expect(b.sync.status()).toMatchObject({ configured: true, initialSyncDone: true });

    const c = await fresh('c');
    const reused = await refusal(c.sync.join({ serverUrl, code }));
    expect([reused.kind, reused.message]).toEqual(['code', MESSAGES.codeUsed]);
    expect(c.sync.status()).toMatchObject({ configured: false, facilityId: null });
    expect(c.core.services.identity.facility()).toBeNull();
  });

  it('refuse an expired code, a mistyped one and one that never existed, changing nothing', async () => {
    const a = await first();
    const { code, serverUrl } = await a.sync.createEnrollmentCode({ ttlHours: 1 });
    server.advance(2 * 3_600_000);
    const b = await fresh('b');
    const expired = await refusal(b.sync.join({ serverUrl, code }));
    expect([expired.kind, expired.message]).toEqual(['code', MESSAGES.codeExpired]);
    const mistyped = await refusal(b.sync.join({ serverUrl, code: code.slice(0, -2) }));
    expect(mistyped.message).toBe(MESSAGES.badCode);
    const unknown = await refusal(b.sync.join({ serverUrl, code: 'AAAA-BBBB-CCCC-DDDD-EEEE-FFFF' }));
    expect([unknown.kind, unknown.message]).toEqual(['code', MESSAGES.badCode]);
    expect(b.sync.status()).toMatchObject({ configured: false, currentKeyId: null });
  });

  it('are refused on a workstation that is already set up', async () => {
    const a = await first();
    const { code, serverUrl } = await a.sync.createEnrollmentCode({ ttlHours: 1 });
    const other = await fresh('other');
    await other.setUpFacility();
    expect((await refusal(other.sync.join({ serverUrl, code }))).message).toBe(MESSAGES.alreadySetUp);
  });
});

describe('revoking a workstation', () => {
  it('refuses it from then on and rotates the key: the others read new batches, it cannot get the new key', async () => {
    const a = await first();
    const b = await joinedWorkstation(a, 'b');
    keep(b);
    const c = await joinedWorkstation(a, 'c');
    keep(c);
    const oldKey = a.sync.status().currentKeyId;

    const { newKeyId } = await a.sync.revokeDevice(c.core.services.workstationId);
    expect(newKeyId).not.toBe(oldKey);
    expect(a.sync.status().currentKeyId).toBe(newKeyId);
    const devices = await a.sync.listDevices();
    expect(devices.find((device) => device.deviceId === c.core.services.workstationId)).toMatchObject({
      status: 'revoked',
    });

    const patient = await a.ok<PatientView>(ADMIN, 'patients.register', PATIENT);
    await a.sync.syncNow();
    const header = server.withDatabase(
      (db) => db.prepare('SELECT header FROM batches ORDER BY cursor DESC LIMIT 1').pluck().get() as string,
    );
    expect(JSON.parse(header)).toMatchObject({ keyId: newKeyId });
    await b.sync.syncNow();
    expect(b.sync.status().currentKeyId).toBe(newKeyId);
    expect(b.core.services.patients.exists(patient.id)).toBe(true);

    const revoked = await refusal(c.sync.syncNow());
    expect([revoked.kind, revoked.message]).toEqual(['revoked', MESSAGES.revoked]);
    expect(c.sync.status()).toMatchObject({ lastError: MESSAGES.revoked, online: true });
    expect(c.db.prepare('SELECT key_id FROM sync_keys').pluck().all()).not.toContain(newKeyId);
    expect(c.core.services.patients.exists(patient.id)).toBe(false);
  });
  it('gets the new key to a workstation enrolled with a code made before the rotation, on the next sync', async () => {
    const a = await first();
    const c = await joinedWorkstation(a, 'c');
    keep(c);
    const { code, serverUrl } = await a.sync.createEnrollmentCode({ ttlHours: 24 });
    const { newKeyId } = await a.sync.revokeDevice(c.core.services.workstationId);
    const patient = await a.ok<PatientView>(ADMIN, 'patients.register', PATIENT);
    await a.sync.syncNow();

    const b = await fresh('b');
    const stuck = await refusal(b.sync.join({ serverUrl, code }));
    expect(stuck.message).toBe(MESSAGES.unknownKey(a.core.services.workstationId));
    expect(b.core.services.patients.exists(patient.id)).toBe(false);
    // A's next sync seals its keyring to the workstation it has not sealed the new key to yet.
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(b.sync.status()).toMatchObject({ currentKeyId: newKeyId, initialSyncDone: true, lastError: null });
    expect(b.core.services.patients.exists(patient.id)).toBe(true);
    await a.sync.syncNow();
    expect(canonicalDump(b)).toBe(canonicalDump(a));
  });
});

describe('a recovery kit', () => {
  it('rebuilds a workstation from the server alone; a wrong secret is refused', async () => {
    const a = await first();
    await a.ok(ADMIN, 'patients.register', PATIENT);
    const kit = await a.sync.createRecoveryKit();
    expect(kit.secret.replace(/-/g, '')).toHaveLength(52);
    await a.sync.syncNow();

    const wrong = await fresh('wrong');
    const wrongSecret = `${kit.secret.slice(0, -1)}${kit.secret.endsWith('0') ? '1' : '0'}`;
    const refused = await refusal(wrong.sync.recover({ ...kit, secret: wrongSecret }));
    expect([refused.kind, refused.message]).toEqual(['code', MESSAGES.badRecovery]);

    const rebuilt = await fresh('rebuilt');
    await rebuilt.sync.recover({ serverUrl: kit.serverUrl, facilityId: kit.facilityId, secret: kit.secret });
    expect(rebuilt.sync.status()).toMatchObject({ configured: true, initialSyncDone: true });
    await syncAll([a, rebuilt]);
    expect(canonicalDump(rebuilt)).toBe(canonicalDump(a));
    await rebuilt.signInOwner();
    // The kit's device holds keys but is no workstation: it never appears as one.
    const devices = await rebuilt.sync.listDevices();
    expect(
      devices
        .filter((device) => device.kind === 'workstation')
        .map((device) => device.isThisWorkstation)
        .sort(),
    ).toEqual([false, true]);
  });
});
