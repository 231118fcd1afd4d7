/**
 * The sync commands over the real engine and server: a command that awaits the
 * engine (connect, enrollment codes) runs the engine's local writes inside its
 * own transaction instead of waiting for itself, and a join started by a
 * command runs on in the background.
 */
import { describe, expect, it } from 'vitest';
import type { SyncStatusSnapshot } from '../../../electron/core/sync/engine-api';
import { ADMIN, canonicalDump, type TestServer, Workstation } from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

describe('through the commands', () => {
  it('connects, makes a code, joins a second workstation and syncs both ways', async () => {
    const a = await Workstation.open('a');
    keep(a);
    await a.setUpFacility();
    await a.signInOwner();
    await a.stepUp();
    const connected = await a.ok<SyncStatusSnapshot>(ADMIN, 'sync.connect', {
      serverUrl: `${server.url}/`,
      bootstrapToken: server.tokenFor(a.facilityId()),
    });
    expect(connected).toMatchObject({
      configured: true,
      serverUrl: server.url,
      deviceId: a.core.services.workstationId,
    });
    // The engine's writes committed with the command.
    a.core.close();
    await a.restart();
    expect(a.sync.status()).toMatchObject({ configured: true, currentKeyId: connected.currentKeyId });
    await a.signInOwner();
    await a.stepUp();
    await a.ok(ADMIN, 'sync.now');
    await a.sync.whenIdle();
    expect(a.sync.status()).toMatchObject({ pendingChanges: 0, lastError: null });

    const { code } = await a.ok<{ code: string }>(ADMIN, 'sync.createEnrollmentCode', { ttlHours: 24 });
    const b = await Workstation.open('b');
    keep(b);
    expect(await b.ok('join-window', 'sync.join', { serverUrl: server.url, code })).toMatchObject({
      state: 'joining',
    });
    await b.sync.whenIdle();
    expect(await b.ok('join-window', 'sync.joinStatus')).toMatchObject({ state: 'done', error: null });
    // The owner's account came with its authenticator (and the last code step used, so no code is replayed).
    b.mfaSecret = a.mfaSecret;
    b.now = a.now;
    await b.signInOwner();
    expect(await b.ok(ADMIN, 'patients.search', { query: 'nobody yet' })).toEqual([]);
    await a.sync.syncNow();
    await b.sync.syncNow();
    await a.sync.syncNow();
    expect(canonicalDump(b)).toBe(canonicalDump(a));
  });
});
