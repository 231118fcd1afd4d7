/**
 * A workstation process killed with SIGKILL mid-push and mid-apply. The
 * workstation runs in its own Node process (the real core and engine on a real
 * SQLCipher store, see workstation-child.ts); it stops dead at a chosen point
 * and says so, and only then is it killed. The test then reopens the same
 * store, as the next start of the app would, syncs, and checks: every
 * workstation holds identical data, the server's cursors and sequences have no
 * gap, and each change was stored and applied exactly once.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../electron/core/testing/temp-dir';
import {
  canonicalDump,
  conflictSet,
  firstWorkstation,
  joinedWorkstation,
  rowCounts,
  TestServer,
  Workstation,
} from '../sync/support';
import { expectEachChangeStoredOnce, expectGapless, outboxSize, pullCursor, storedBatches } from './checks';
import { registerPatientsUntilPending } from './patients';
import { bundle, start, type Bundles } from './processes';
import { CHILD_CONFIG_ENV, CRASH_LINE, WORKSTATION_CHILD, type ChildConfig } from './protocol';

/** Small batches and pages, so a sync is many steps and the crash lands in the middle of it. */
const SMALL_BATCHES = { maxBatchChanges: 10 };
const SMALL_PAGES = { pullPageSize: 2 };

let bundles: Bundles;
let server: TestServer;
let cleanup: (() => void)[] = [];

beforeAll(async () => {
  bundles = await bundle([WORKSTATION_CHILD]);
});
afterAll(() => bundles.remove());
beforeEach(async () => {
  server = await TestServer.start();
});
afterEach(async () => {
  for (const step of cleanup.reverse()) step();
  cleanup = [];
  await server.close();
});

function keep(ws: Workstation): Workstation {
  cleanup.push(() => ws.dispose());
  return ws;
}

/** Reopens a workstation's store in this process, as the app's next start would. */
async function reopen(ws: Workstation, sync = {}): Promise<Workstation> {
  const again = await Workstation.open(ws.name, { dataDir: ws.dataDir, start: ws.now, sync });
  cleanup.push(() => again.close());
  return again;
}

/** Runs the workstation process until its crash point, kills it with SIGKILL, and says where it was. */
async function runAndKill(config: ChildConfig): Promise<string> {
  const child = start(bundles.get(WORKSTATION_CHILD), { [CHILD_CONFIG_ENV]: JSON.stringify(config) });
  const line = await child.line(CRASH_LINE);
  expect(await child.kill()).toBe('SIGKILL');
  return line.slice(CRASH_LINE.length + 1);
}

describe('a workstation killed mid-push', () => {
  it.each([
    {
      at: 'push-stored' as const,
      when: 'after the server stored a batch whose answer it never saw',
      storedAtKill: 3,
      // The next batch was sealed while this one was on the wire, and the one before marked pushed.
      outboxAtKill: 2,
      duplicates: 1,
    },
    {
      at: 'push-unsent' as const,
      when: 'with a sealed batch not yet sent',
      storedAtKill: 2,
      // The batch before it, which the server holds, is marked pushed in the transaction that seals the
      // batch after this one, which had not run when the kill came: it is sent again, and is a duplicate.
      outboxAtKill: 2,
      duplicates: 1,
    },
  ])('$when: after a restart it pushes the rest once, and both converge', async (point) => {
    const { at, storedAtKill, outboxAtKill, duplicates } = point;
    const a = keep(await firstWorkstation(server, 'a'));
    const b = keep(await joinedWorkstation(a, 'b'));
    const facilityId = a.facilityId();
    const patients = await registerPatientsUntilPending(a, SMALL_BATCHES.maxBatchChanges * 5);
    const storedBefore = storedBatches(server.file, facilityId).length;
    a.close();

    const where = await runAndKill({
      name: a.name,
      dataDir: a.dataDir,
      start: a.now,
      action: { kind: 'sync' },
      sync: SMALL_BATCHES,
      crash: { at, push: 3 },
    });
    expect(where).toBe(at === 'push-stored' ? 'push-stored 3 status=201' : 'push-unsent 3');
    expect(storedBatches(server.file, facilityId)).toHaveLength(storedBefore + storedAtKill);

    const restarted = await reopen(a, SMALL_BATCHES);
    // The batch it was pushing is still in the outbox, with its sequence number (and the next one, if sealed).
    expect(outboxSize(restarted)).toBe(outboxAtKill);
    const run = await restarted.sync.syncNow();
    expect(run.duplicatePushes).toBe(duplicates);
    expect(outboxSize(restarted)).toBe(0);

    await b.sync.syncNow();
    await restarted.sync.syncNow();
    const batches = storedBatches(server.file, facilityId);
    expectGapless(batches);
    expectEachChangeStoredOnce(batches, restarted);
    expect(rowCounts(b)['patients']).toBe(patients);
    expect(canonicalDump(b)).toBe(canonicalDump(restarted));
    expect(conflictSet(b)).toEqual([]);
  });
});

describe('a workstation killed mid-apply', () => {
  it('with a pulled page applied but not committed: the page is applied once after a restart', async () => {
    const a = keep(await firstWorkstation(server, 'a', SMALL_BATCHES));
    const b = keep(await joinedWorkstation(a, 'b'));
    const facilityId = a.facilityId();
    const cursorBefore = pullCursor(b);
    b.close();
    const patients = await registerPatientsUntilPending(a, SMALL_BATCHES.maxBatchChanges * 5);
    await a.sync.syncNow();
    const incoming = storedBatches(server.file, facilityId).filter((batch) => batch.cursor > cursorBefore);
    expect(incoming.length).toBeGreaterThan(4);

    const where = await runAndKill({
      name: b.name,
      dataDir: b.dataDir,
      start: b.now,
      action: { kind: 'sync' },
      sync: SMALL_PAGES,
      crash: { at: 'apply', page: 2 },
    });
    expect(where).toBe('apply 2');

    const restarted = await reopen(b, SMALL_PAGES);
    // The first page committed with its cursor; the second left nothing behind.
    expect(pullCursor(restarted)).toBe(incoming[1]?.cursor);
    expect(rowCounts(restarted)['patients']).toBeLessThan(patients);
    await restarted.sync.syncNow();
    await a.sync.syncNow();
    expect(rowCounts(restarted)['patients']).toBe(patients);
    expect(canonicalDump(restarted)).toBe(canonicalDump(a));
    expect(conflictSet(restarted)).toEqual([]);
    const batches = storedBatches(server.file, facilityId);
    expectGapless(batches);
    expectEachChangeStoredOnce(batches, a);
  });

  it('during its initial sync after joining: it resumes after a restart and completes the join', async () => {
    const a = keep(await firstWorkstation(server, 'a', SMALL_BATCHES));
    await registerPatientsUntilPending(a, SMALL_BATCHES.maxBatchChanges * 5);
    await a.sync.syncNow();
    const { code, serverUrl } = await a.sync.createEnrollmentCode({ ttlHours: 24 });
    const dir = makeTempDir('zahanati-ws-joining-');
    cleanup.push(() => dir.remove());

    const where = await runAndKill({
      name: 'c',
      dataDir: dir.path,
      start: a.now,
      action: { kind: 'join', serverUrl, code },
      sync: SMALL_PAGES,
      crash: { at: 'apply', page: 2 },
    });
    expect(where).toBe('apply 2');

    const c = await Workstation.open('c', { dataDir: dir.path, start: a.now, sync: SMALL_PAGES });
    cleanup.push(() => c.close());
    expect(c.sync.status()).toMatchObject({ configured: true, initialSyncDone: false });
    await c.sync.syncNow();
    await a.sync.syncNow();
    expect(c.sync.status()).toMatchObject({ initialSyncDone: true, pendingChanges: 0 });
    expect(canonicalDump(c)).toBe(canonicalDump(a));
    await c.signInOwner();
    const batches = storedBatches(server.file, a.facilityId());
    expectGapless(batches);
    expectEachChangeStoredOnce(batches, a);
  });
});
