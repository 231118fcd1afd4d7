/**
 * Workstations with wrong clocks still sync (and say so), and the automatic
 * loop runs on its interval, backs off with full jitter while the server is
 * unreachable, and resumes when it returns.
 */
import { describe, expect, it } from 'vitest';
import type { PatientView } from '../../../shared/api/patients';
import type { FetchLike } from '../../../electron/core/sync/client';
import type { SyncProgress } from '../../../electron/core/sync/engine-api';
import { MESSAGES } from '../../../electron/core/sync/errors';
import type { Timers } from '../../../electron/core/sync/engine';
import { ADMIN, canonicalDump, firstWorkstation, joinedWorkstation, START, syncAll, type TestServer } from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

const DAY = 24 * 3_600_000;
const PATIENT = {
  familyName: 'Ochieng',
  givenName: 'Daniel',
  sex: 'male',
  birth: { kind: 'date', date: '1960-12-01' },
  phone: '0744 555 666',
  residence: { county: 'Siaya' },
  identifiers: [],
} as const;

describe('a workstation whose clock is days off', () => {
  it('still syncs both ways, warns about its clock, and its later edits win over what it has seen', async () => {
    const a = await firstWorkstation(server, 'a');
    keep(a);
    const slow = await joinedWorkstation(a, 'slow', {}, START - 3 * DAY);
    keep(slow);
    const fast = await joinedWorkstation(a, 'fast', {}, START + 3 * DAY);
    keep(fast);

    expect(slow.sync.status()).toMatchObject({ clockSkewWarning: true, initialSyncDone: true });
    expect(slow.sync.status().clockSkewMs).toBeLessThan(-3 * DAY + 60_000);
    expect(fast.sync.status().clockSkewMs).toBeGreaterThan(3 * DAY - 60_000);
    expect(fast.sync.status().clockSkewWarning).toBe(true);
    await a.sync.syncNow();
    expect(a.sync.status()).toMatchObject({ clockSkewWarning: false });

    const patient = await a.ok<PatientView>(ADMIN, 'patients.register', { ...PATIENT, confirmedNotDuplicate: true });
    await syncAll([a, slow, fast]);
    await slow.signInOwner();
    // The slow workstation saw A's patient: its edit orders after it although its clock is 3 days behind.
    await slow.ok(ADMIN, 'patients.update', { ...PATIENT, patientId: patient.id, phone: '0744 000 111' });
    await syncAll([a, slow, fast]);
    expect(canonicalDump(slow)).toBe(canonicalDump(a));
    expect(canonicalDump(fast)).toBe(canonicalDump(a));
    const merged = await a.ok<PatientView>(ADMIN, 'patients.get', { patientId: patient.id });
    expect(merged.phone).toBe('+254744000111');
    expect(a.sync.conflicts({ includeReviewed: true, limit: 10 })).toEqual([]);
  });
});

/** Timers the test fires by hand. */
function manualTimers() {
  const scheduled: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const timers: Timers = {
    set: (fn, ms) => {
      const timer = { fn, ms, cancelled: false };
      scheduled.push(timer);
      return timer;
    },
    clear: (handle) => {
      (handle as { cancelled: boolean }).cancelled = true;
    },
  };
  const live = () => scheduled.filter((timer) => !timer.cancelled);
  return {
    timers,
    live,
    /** Fires the one pending timer. */
    fire() {
      const [next, ...others] = live();
      if (next === undefined || others.length > 0)
        throw new Error(`Expected one pending timer, found ${live().length}`);
      next.cancelled = true;
      next.fn();
      return next.ms;
    },
  };
}

describe('the automatic loop', () => {
  it('runs at once and then on its interval, backs off with full jitter while offline, and resumes', async () => {
    const clock = manualTimers();
    const link = { up: true };
    const fetchLike: FetchLike = (url, init) =>
      link.up ? fetch(url, init) : Promise.reject(new TypeError('fetch failed'));
    const progress: SyncProgress[] = [];
    const a = await firstWorkstation(server, 'a', {
      fetch: fetchLike,
      timers: clock.timers,
      random: () => 0.5,
      intervalMs: 60_000,
      backoffBaseMs: 5_000,
      backoffMaxMs: 30_000,
      onProgress: (p) => progress.push(p),
    });
    keep(a);
    await a.ok(ADMIN, 'patients.register', { ...PATIENT, confirmedNotDuplicate: true });
    // Awaiting the run the loop started: syncNow hands back the run in flight.
    const runFired = async () => {
      clock.fire();
      await a.sync.syncNow().catch(() => undefined);
    };

    a.sync.start();
    a.sync.start(); // idempotent
    expect(clock.live().map((timer) => timer.ms)).toEqual([0]);
    await runFired();
    expect(a.sync.status()).toMatchObject({ online: true, pendingChanges: 0, lastError: null });
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['pushing', 'pulling']));
    expect(clock.live().map((timer) => timer.ms)).toEqual([60_000]);
    expect(a.sync.status().nextAttemptAt).toBe(new Date(a.now + 60_000).toISOString());

    link.up = false;
    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await runFired();
      delays.push(clock.live()[0]?.ms ?? -1);
    }
    // Half of min(30 s, 5 s × 2^(n−1)): random() = 0.5 picks the middle of each full-jitter window.
    expect(delays).toEqual([2_500, 5_000, 10_000, 15_000, 15_000]);
    expect(a.sync.status()).toMatchObject({ online: false, lastError: MESSAGES.offline });

    await a.ok(ADMIN, 'patients.register', { ...PATIENT, givenName: 'Peter', confirmedNotDuplicate: true });
    expect(a.sync.status().pendingChanges).toBeGreaterThan(0);
    link.up = true;
    await runFired();
    expect(a.sync.status()).toMatchObject({ online: true, lastError: null, pendingChanges: 0 });
    expect(clock.live().map((timer) => timer.ms)).toEqual([60_000]);

    await a.sync.stop();
    expect(clock.live()).toEqual([]);
    expect(a.sync.status().nextAttemptAt).toBeNull();
  });
});
