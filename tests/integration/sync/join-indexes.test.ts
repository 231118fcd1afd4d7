/**
 * A joining workstation loads the facility's history without the secondary
 * indexes of append-only clinical tables and builds them when its initial sync
 * completes (electron/core/sync/deferred-indexes.ts): it must end with exactly
 * the indexes of a workstation that never deferred any, even when the join is
 * interrupted halfway.
 */
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../electron/core/sync/errors';
import {
  ADMIN,
  canonicalDump,
  firstWorkstation,
  joinedWorkstation,
  SAMPLE_PATIENT,
  type TestServer,
  Workstation,
} from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

const indexes = (ws: Workstation) =>
  ws.db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
const deferred = (ws: Workstation) => ws.db.prepare('SELECT name FROM sync_deferred_indexes').pluck().all();
const visitVitalsPlan = (ws: Workstation) =>
  (
    ws.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM vital_signs WHERE visit_id = 'v' ORDER BY recorded_at").all() as {
      detail: string;
    }[]
  )
    .map((row) => row.detail)
    .join('; ');

/** A facility whose first workstation holds a patient with a visit and vital signs. */
async function facilityWithObservations(): Promise<Workstation> {
  const a = await firstWorkstation(server, 'a');
  keep(a);
  const patient = await a.ok<{ id: string }>(ADMIN, 'patients.register', SAMPLE_PATIENT);
  const { services } = a.core;
  const ctx = { facilityId: a.facilityId(), userId: services.identity.listUsers()[0]?.id ?? '', now: new Date(a.now) };
  a.db.transaction(() => {
    const visit = services.visits.checkIn(patient.id, null, ctx);
    services.vitals.record(patient.id, visit, { temperatureC: 38.2, pulseBpm: 96 }, ctx);
    services.vitals.record(patient.id, visit, { temperatureC: 37.4, pulseBpm: 84 }, ctx);
  })();
  return a;
}

describe('a joining workstation', () => {
  it('ends its initial sync with every index a workstation that never deferred any has', async () => {
    const a = await facilityWithObservations();
    const b = await joinedWorkstation(a, 'b');
    keep(b);
    expect(indexes(b)).toEqual(indexes(a));
    expect(indexes(b)).toContainEqual(expect.objectContaining({ name: 'vital_signs_visit', tbl_name: 'vital_signs' }));
    expect(deferred(b)).toEqual([]);
    expect(visitVitalsPlan(b)).toContain('USING INDEX vital_signs_visit');
    expect(b.db.prepare('SELECT count(*) FROM vital_signs').pluck().get()).toBe(2);
  });

  it('that is interrupted halfway keeps the definitions and builds the indexes on the run that completes it', async () => {
    const a = await facilityWithObservations();
    await a.sync.syncNow();
    const { code, serverUrl } = await a.sync.createEnrollmentCode({ ttlHours: 24 });
    const crash = { armed: true };
    const b = await Workstation.open('b', {
      sync: {
        beforeApplyCommit: () => {
          if (crash.armed) throw new Error('power cut');
        },
      },
    });
    keep(b);
    await expect(b.sync.join({ serverUrl, code })).rejects.toBeInstanceOf(SyncError);
    // Dropped and kept, in one transaction: nothing of the facility applied yet, the definitions safe.
    expect(deferred(b)).toContain('vital_signs_visit');
    expect(indexes(b)).not.toContainEqual(expect.objectContaining({ name: 'vital_signs_visit' }));
    expect(b.db.prepare('SELECT count(*) FROM vital_signs').pluck().get()).toBe(0);

    crash.armed = false;
    await b.restart();
    await b.sync.syncNow();
    expect(deferred(b)).toEqual([]);
    expect(indexes(b)).toEqual(indexes(a));
    expect(visitVitalsPlan(b)).toContain('USING INDEX vital_signs_visit');
    await a.sync.syncNow();
    expect(canonicalDump(b)).toBe(canonicalDump(a));
  });
});
