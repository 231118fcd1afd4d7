/**
 * Interruptions at the two dangerous moments, at the library level (the
 * SIGKILL process tests live elsewhere): a push whose answer is lost after the
 * server stored it, and a crash between applying a pulled page and committing.
 * After a restart everything converges; nothing is lost or doubled.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES, SyncError } from '../../../electron/core/sync/errors';
import type { FetchLike } from '../../../electron/core/sync/client';
import {
  ADMIN,
  canonicalDump,
  firstWorkstation,
  joinedWorkstation,
  rowCounts,
  type TestServer,
  type Workstation,
  workstationPair,
} from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

const PATIENT = {
  familyName: 'Chebet',
  givenName: 'Faith',
  sex: 'female',
  birth: { kind: 'date', date: '1995-02-14' },
  residence: { county: 'Bomet' },
  identifiers: [],
  confirmedNotDuplicate: true,
} as const;

/** A fetch that can lose the answer to the next push after the server got it, or fail before sending. */
function unreliableFetch() {
  /** How many of the next pushes fail before leaving, or lose their answer after the server stored them. */
  const control = { failBeforeSending: 0, loseAnswer: 0, pushBodies: [] as string[] };
  const fetchLike: FetchLike = async (url, init) => {
    const isPush = init.method === 'POST' && url.endsWith('/v1/batches');
    if (isPush) control.pushBodies.push(String(init.body));
    if (isPush && control.failBeforeSending > 0) {
      control.failBeforeSending -= 1;
      throw new TypeError('fetch failed');
    }
    const response = await fetch(url, init);
    if (isPush && control.loseAnswer > 0) {
      control.loseAnswer -= 1;
      throw new TypeError('fetch failed'); // the connection dropped after the server stored the batch
    }
    return response;
  };
  return { control, fetchLike };
}

const storedBatches = () =>
  server.withDatabase((db) => db.prepare('SELECT count(*) FROM batches').pluck().get() as number);
const outbox = (ws: Workstation) => ws.db.prepare('SELECT count(*) FROM sync_outbox').pluck().get() as number;

describe('a push', () => {
  it('whose answer was lost is sent again byte for byte after a restart; the server says duplicate, nothing doubles', async () => {
    const { control, fetchLike } = unreliableFetch();
    const a = await firstWorkstation(server, 'a', { fetch: fetchLike });
    keep(a);
    const b = await joinedWorkstation(a, 'b');
    keep(b);
    await a.ok(ADMIN, 'patients.register', PATIENT);
    const storedBefore = storedBatches();

    control.loseAnswer = 2; // the request and the client's one resend: the link stays down
    const lost: unknown = await a.sync.syncNow().catch((error: unknown) => error);
    expect(lost).toBeInstanceOf(SyncError);
    expect((lost as SyncError).message).toBe(MESSAGES.offline);
    expect(a.sync.status()).toMatchObject({ online: false, lastError: MESSAGES.offline });
    expect(storedBatches()).toBe(storedBefore + 1);
    expect(outbox(a)).toBe(1);
    const pending = a.sync.status().pendingChanges;
    expect(pending).toBeGreaterThan(0);

    await a.restart();
    const bodiesBefore = control.pushBodies.length;
    const result = await a.sync.syncNow();
    expect(result.duplicatePushes).toBe(1);
    expect(control.pushBodies[bodiesBefore]).toBe(control.pushBodies[bodiesBefore - 1]);
    expect(outbox(a)).toBe(0);
    expect(a.sync.status()).toMatchObject({ pendingChanges: 0, online: true, lastError: null });
    expect(storedBatches()).toBeGreaterThanOrEqual(storedBefore + 1);

    await b.sync.syncNow();
    await a.sync.syncNow();
    expect(rowCounts(b)['patients']).toBe(1);
    expect(canonicalDump(b)).toBe(canonicalDump(a));
  });

  it('whose sealing fails halfway keeps neither the batch nor its sequence; the next run pushes every change', async () => {
    const { a, b } = await workstationPair(server, keep);
    await a.ok(ADMIN, 'patients.register', PATIENT);
    const nextSequence = () => a.db.prepare('SELECT next_sequence FROM sync_state').pluck().get() as number;
    const sequenceBefore = nextSequence();
    // The batch is stored, then taking its sequence fails (a full disk, a power cut between the two writes).
    a.db.exec(`CREATE TEMP TRIGGER fail_taking_sequence BEFORE UPDATE OF next_sequence ON sync_state
      BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    await expect(a.sync.syncNow()).rejects.toBeInstanceOf(SyncError);
    expect([outbox(a), nextSequence()]).toEqual([0, sequenceBefore]);

    a.db.exec('DROP TRIGGER fail_taking_sequence');
    await a.sync.syncNow();
    expect(outbox(a)).toBe(0);
    // Pushed batches leave the outbox without their pages being zeroed; everything else still zeroes them.
    expect(a.db.pragma('secure_delete', { simple: true })).toBe(1);
    await b.sync.syncNow();
    expect(rowCounts(b)['patients']).toBe(1);
    expect(canonicalDump(b)).toBe(canonicalDump(a));
  });

  it('whose answer was lost once is sent again at once, in the same run; the server says duplicate', async () => {
    const { control, fetchLike } = unreliableFetch();
    const a = await firstWorkstation(server, 'a', { fetch: fetchLike });
    keep(a);
    await a.ok(ADMIN, 'patients.register', PATIENT);
    const storedBefore = storedBatches();
    const bodiesBefore = control.pushBodies.length;
    control.loseAnswer = 1;
    const result = await a.sync.syncNow();
    expect(result.duplicatePushes).toBe(1);
    expect(control.pushBodies.length).toBe(bodiesBefore + 2);
    expect(control.pushBodies[bodiesBefore + 1]).toBe(control.pushBodies[bodiesBefore]);
    expect([storedBatches(), outbox(a)]).toEqual([storedBefore + 1, 0]);
    expect(a.sync.status()).toMatchObject({ pendingChanges: 0, online: true, lastError: null });
  });

  it('that never left is sent on the next run', async () => {
    const { control, fetchLike } = unreliableFetch();
    const a = await firstWorkstation(server, 'a', { fetch: fetchLike });
    keep(a);
    await a.ok(ADMIN, 'patients.register', PATIENT);
    const storedBefore = storedBatches();
    control.failBeforeSending = 2; // the request and the client's one resend
    await expect(a.sync.syncNow()).rejects.toThrow(MESSAGES.offline);
    expect([storedBatches(), outbox(a)]).toEqual([storedBefore, 1]);
    const result = await a.sync.syncNow();
    expect(result.duplicatePushes).toBe(0);
    expect(storedBatches()).toBeGreaterThan(storedBefore);
    expect(outbox(a)).toBe(0);
  });
});

describe('applying a pulled page', () => {
  it('that crashed before committing leaves nothing behind, and applies cleanly after a restart', async () => {
    const crash = { armed: false };
    const a = await firstWorkstation(server, 'a');
    keep(a);
    const b = await joinedWorkstation(a, 'b', {
      beforeApplyCommit: () => {
        if (crash.armed) throw new Error('power cut');
      },
    });
    keep(b);
    await a.ok(ADMIN, 'patients.register', PATIENT);
    await a.sync.syncNow();
    const before = { rows: rowCounts(b), cursor: b.db.prepare('SELECT pull_cursor FROM sync_state').pluck().get() };

    crash.armed = true;
    const failed: unknown = await b.sync.syncNow().catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(SyncError);
    expect((failed as SyncError).message).toBe(MESSAGES.internal);
    expect({ rows: rowCounts(b), cursor: b.db.prepare('SELECT pull_cursor FROM sync_state').pluck().get() }).toEqual(
      before,
    );
    expect(b.db.pragma('foreign_keys', { simple: true })).toBe(1);

    crash.armed = false;
    await b.restart();
    const result = await b.sync.syncNow();
    expect(result.appliedChanges).toBeGreaterThan(0);
    await a.sync.syncNow();
    expect(canonicalDump(b)).toBe(canonicalDump(a));
    expect(rowCounts(b)['patients']).toBe(1);
  });
});
