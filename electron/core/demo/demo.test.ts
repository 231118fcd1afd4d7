import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PatientSummary } from '../../../shared/api/patients';
import type { QueueEntry } from '../../../shared/api/visits';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN } from '../visits/clinical-test-support';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

describe('demo data', () => {
  it('fills a fresh workstation with a searchable facility and a waiting queue, once', async () => {
    const counts = await h.ok<Record<string, number>>(ADMIN, 'demo.fill', { patients: 200 });
    expect(counts['patients']).toBe(200);
    expect(counts['visits']).toBeGreaterThan(100);
    expect(counts['diagnoses']).toBeGreaterThan(50);
    expect(h.core.store.db.prepare('SELECT count(*) FROM change_log').pluck().get()).toBeGreaterThan(1000);
    expect((await h.ok<PatientSummary[]>(ADMIN, 'patients.search', { query: 'wanj' })).length).toBeGreaterThan(0);
    expect((await h.ok<QueueEntry[]>(ADMIN, 'visits.queue', { stage: 'triage' })).length).toBe(6);
    expect(await h.call(ADMIN, 'demo.fill', { patients: 10 })).toMatchObject({ code: 'CONFLICT' });
  });

  it('is the same facility for the same seed', async () => {
    await h.ok(ADMIN, 'demo.fill', { patients: 20, seed: 42 });
    const names = h.core.store.db
      .prepare('SELECT family_name || given_name FROM patients ORDER BY patient_number')
      .pluck()
      .all();
    const other = makeTempDir();
    const second = await CoreHarness.open(other.path);
    try {
      await second.setUpFacility();
      await second.signInOwner(ADMIN);
      await second.ok(ADMIN, 'demo.fill', { patients: 20, seed: 42 });
      expect(
        second.core.store.db
          .prepare('SELECT family_name || given_name FROM patients ORDER BY patient_number')
          .pluck()
          .all(),
      ).toEqual(names);
    } finally {
      second.core.close();
      other.remove();
    }
  });
});
