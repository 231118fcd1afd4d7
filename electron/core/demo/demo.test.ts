import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoProgress } from '../../../shared/api/demo';
import type { PatientSummary } from '../../../shared/api/patients';
import type { QueueEntry } from '../../../shared/api/visits';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, signInAs } from '../visits/clinical-test-support';
import { demoJobOf } from './commands';
import { DEMO_CHUNK_PATIENTS } from './job';

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

/** Lets the event loop turn once, so a background chunk may run; then reads the progress as the screen does. */
async function nextProgress(): Promise<DemoProgress> {
  await new Promise((resolve) => setImmediate(resolve));
  return h.ok<DemoProgress>(ADMIN, 'demo.progress');
}

async function progressUntilSettled(first: DemoProgress): Promise<DemoProgress[]> {
  const seen = [first];
  while (seen.at(-1)?.state === 'running') seen.push(await nextProgress());
  return seen;
}

describe('demo data in the background', () => {
  it('commits chunk by chunk, reports its progress, and leaves the workstation usable meanwhile', async () => {
    const total = 4 * DEMO_CHUNK_PATIENTS;
    expect(await h.ok<DemoProgress>(ADMIN, 'demo.progress')).toMatchObject({ state: 'idle', workstationEmpty: true });
    const started = await h.ok<DemoProgress>(ADMIN, 'demo.start', { patients: total, seed: 42 });
    expect(started).toMatchObject({ state: 'running', patientsDone: 0, patientsTotal: total, workstationEmpty: true });
    // A sign-in waits for password hashing with its transaction open: the fill must wait for it, not write into it.
    await signInAs(h, 'nurse', 'wanjiku.nurse', ['nurse']);
    const search = h.ok<PatientSummary[]>(ADMIN, 'patients.search', { query: 'wanj' });

    const seen = await progressUntilSettled(started);
    const done = seen.map((progress) => progress.patientsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.some((count) => count > 0 && count < total)).toBe(true);
    expect(done.every((count) => count % DEMO_CHUNK_PATIENTS === 0)).toBe(true);
    const last = seen.at(-1);
    expect(last).toMatchObject({ state: 'done', patientsDone: total, workstationEmpty: false, message: null });
    expect(last?.counts.patients).toBe(total);
    expect(last?.finishedAt).not.toBeNull();
    expect(Array.isArray(await search)).toBe(true);

    const db = h.core.store.db;
    expect(db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(total);
    expect(db.prepare('SELECT count(*) FROM visits').pluck().get()).toBe(last?.counts.visits);
    // One audit entry to start, one per chunk, each with the admin, its size and which patients it wrote.
    const chunks = db
      .prepare(
        "SELECT user_id, record_count, purpose FROM audit_log WHERE command = 'demo.start' AND outcome = 'allowed' ORDER BY seq",
      )
      .all() as { user_id: string; record_count: number | null; purpose: string }[];
    expect(chunks.map((entry) => entry.purpose)).toEqual([
      `demo fill of ${total} patients started`,
      ...[0, 1, 2, 3].map(
        (chunk) => `demo patients ${chunk * DEMO_CHUNK_PATIENTS + 1}-${(chunk + 1) * DEMO_CHUNK_PATIENTS} of ${total}`,
      ),
    ]);
    expect(new Set(chunks.map((entry) => entry.user_id)).size).toBe(1);
    expect(await h.ok(ADMIN, 'audit.verify', {})).toMatchObject({ intact: true });

    // The same seed gives the same facility as a fill in one go.
    expect(db.prepare('SELECT family_name || given_name FROM patients ORDER BY patient_number').pluck().all()).toEqual(
      await namesOfOneGoFill(total, 42),
    );
  });

  it('is refused without the permission, on a workstation with patients, and while a fill runs', async () => {
    await signInAs(h, 'nurse', 'wanjiku.nurse', ['nurse']);
    expect(await h.call('nurse', 'demo.start', { patients: 100 })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.call('nurse', 'demo.progress', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.call(ADMIN, 'demo.start', { patients: 5 })).toMatchObject({ code: 'VALIDATION' });

    await h.ok(ADMIN, 'demo.start', { patients: 2 * DEMO_CHUNK_PATIENTS });
    expect(await h.call(ADMIN, 'demo.start', { patients: 100 })).toMatchObject({
      code: 'CONFLICT',
      message: 'Demo data is already being added. Wait for it to finish.',
    });
    await demoJobOf(h.core.store)?.settled;
    expect(await h.call(ADMIN, 'demo.start', { patients: 100 })).toMatchObject({
      code: 'CONFLICT',
      message: 'Demo data goes only into a workstation that has no patients yet.',
    });
    const refusals = h.core.store.db
      .prepare("SELECT outcome, error_code FROM audit_log WHERE command = 'demo.start' AND outcome != 'allowed'")
      .all();
    expect(refusals).toEqual([
      { outcome: 'denied', error_code: 'FORBIDDEN' },
      { outcome: 'denied', error_code: 'VALIDATION' },
      { outcome: 'failed', error_code: 'CONFLICT' },
      { outcome: 'failed', error_code: 'CONFLICT' },
    ]);
  });

  it('stops with a plain message when the store refuses a chunk, keeping the chunks already committed', async () => {
    // A real refusal from the store, as a full disk would give, once the first chunk is in.
    h.core.store.db.exec(`CREATE TEMP TRIGGER refuse_more BEFORE INSERT ON patients
      WHEN (SELECT count(*) FROM patients) >= ${DEMO_CHUNK_PATIENTS}
      BEGIN SELECT RAISE(ABORT, 'simulated write failure'); END`);
    const started = await h.ok<DemoProgress>(ADMIN, 'demo.start', { patients: 3 * DEMO_CHUNK_PATIENTS });
    const last = (await progressUntilSettled(started)).at(-1);
    expect(last).toMatchObject({ state: 'failed', patientsDone: DEMO_CHUNK_PATIENTS });
    expect(last?.counts.patients).toBe(DEMO_CHUNK_PATIENTS);
    expect(last?.message).toContain(`stopped after ${DEMO_CHUNK_PATIENTS} of ${3 * DEMO_CHUNK_PATIENTS} patients`);
    expect(last?.message).not.toContain('simulated');
    expect(h.core.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(DEMO_CHUNK_PATIENTS);
  });
});

async function namesOfOneGoFill(patients: number, seed: number): Promise<unknown[]> {
  const other = makeTempDir();
  const second = await CoreHarness.open(other.path);
  try {
    await second.setUpFacility();
    await second.signInOwner(ADMIN);
    await second.ok(ADMIN, 'demo.fill', { patients, seed });
    return second.core.store.db
      .prepare('SELECT family_name || given_name FROM patients ORDER BY patient_number')
      .pluck()
      .all();
  } finally {
    second.core.close();
    other.remove();
  }
}
