/**
 * A batch that is properly signed by a workstation of the facility and sealed
 * with the facility key, but whose changes do not fit this store (a compromised
 * or buggy workstation): refused whole with a plain error before anything
 * touches the database — not the good changes around the bad one, not the
 * pull cursor, and nothing left waiting in sync_pending to fail later.
 */
import { describe, expect, it } from 'vitest';
import { cutBatch, sealBatch, type LoggedChange } from '../../../electron/core/sync/batch';
import { importDeviceKeys } from '../../../electron/core/sync/crypto';
import { MESSAGES, SyncError } from '../../../electron/core/sync/errors';
import {
  ADMIN,
  pushSealedBatch,
  rowCounts,
  SAMPLE_PATIENT,
  type TestServer,
  type Workstation,
  workstationPair,
} from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

/** A and B synced, with one patient on both; A has pushed everything. */
async function syncedPair(): Promise<{ a: Workstation; b: Workstation; patientId: string }> {
  const { a, b } = await workstationPair(server, keep);
  await a.ok(ADMIN, 'patients.register', SAMPLE_PATIENT);
  await a.sync.syncNow();
  await b.sync.syncNow();
  const patientId = a.db.prepare('SELECT id FROM patients').pluck().get() as string;
  return { a, b, patientId };
}

/**
 * Seals `changes` as A's next batch — signed with A's device key, encrypted
 * with the facility's current key, numbered in A's sequence — and pushes it.
 * The changes are stamped with A's clock after its last logged change.
 */
async function pushAsA(a: Workstation, changes: readonly Omit<LoggedChange, 'seq' | 'hlc'>[]): Promise<void> {
  const stored = a.db.prepare('SELECT sign_private, box_private, next_sequence FROM sync_state').get() as {
    sign_private: Buffer;
    box_private: Buffer;
    next_sequence: number;
  };
  const keys = importDeviceKeys(stored.sign_private, stored.box_private);
  const key = a.db
    .prepare('SELECT key_id AS keyId, key, generation, created_at AS createdAt FROM sync_keys ORDER BY generation DESC')
    .get() as { keyId: string; key: Buffer; generation: number; createdAt: string };
  const lastHlc = a.db.prepare('SELECT max(hlc) FROM change_log').pluck().get() as string;
  const [wall = '', counter = '', node = ''] = lastHlc.split('.');
  const logged: LoggedChange[] = changes.map((change, index) => ({
    ...change,
    seq: index + 1,
    hlc: `${wall}.${(parseInt(counter, 16) + index + 1).toString(16).padStart(4, '0')}.${node}`,
  }));
  const sealed = sealBatch(
    cutBatch(logged),
    {
      facilityId: a.facilityId(),
      deviceId: a.core.services.workstationId,
      sequence: stored.next_sequence,
      key,
      createdAt: new Date(a.now),
    },
    keys.signPrivate,
  );
  expect((await pushSealedBatch(server, a, keys.signPrivate, sealed)).duplicate).toBe(false);
}

function snapshot(b: Workstation) {
  return {
    rows: rowCounts(b),
    cursor: b.db.prepare('SELECT pull_cursor FROM sync_state').pluck().get(),
    pending: b.db.prepare('SELECT count(*) FROM sync_pending').pluck().get(),
    patients: b.db.prepare('SELECT * FROM patients ORDER BY id').all(),
  };
}

async function expectRefused(a: Workstation, b: Workstation): Promise<void> {
  const before = snapshot(b);
  const error: unknown = await b.sync.syncNow().then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SyncError);
  const refusal = error as SyncError;
  expect([refusal.kind, refusal.message]).toEqual(['integrity', MESSAGES.unreadable(a.core.services.workstationId)]);
  expect(b.sync.status().lastError).toBe(refusal.message);
  expect(snapshot(b)).toEqual(before);
}

/** A well-formed edit of the patient's given name: it travels with each bad change and must not land either. */
const goodEdit = (patientId: string): Omit<LoggedChange, 'seq' | 'hlc'> => ({
  table_name: 'patients',
  row_id: patientId,
  op: 'update',
  data: JSON.stringify({ given_name: 'Imani' }),
  base: null,
});

describe('a signed, sealed batch whose changes do not fit the store', () => {
  it.each([
    ['text in a number column', { birth_date_estimated: 'yes' }],
    ['a fraction in an integer column', { birth_date_estimated: 0.5 }],
    ['a number in a text column', { family_name: 42 }],
    ['null in a NOT NULL column', { family_name: null }],
    ['a column the table does not have', { favourite_colour: 'blue' }],
    ['an edit of the key itself', { id: '0194f0a0-0000-7000-8000-000000000009' }],
  ])('is refused whole: %s', async (_label, values) => {
    const { a, b, patientId } = await syncedPair();
    await pushAsA(a, [
      goodEdit(patientId),
      { table_name: 'patients', row_id: patientId, op: 'update', data: JSON.stringify(values), base: null },
    ]);
    await expectRefused(a, b);
  });

  it('is refused whole when an edit of a row not here yet carries a bad value (it would wait, then fail)', async () => {
    const { a, b, patientId } = await syncedPair();
    await pushAsA(a, [
      goodEdit(patientId),
      {
        table_name: 'visits',
        row_id: '0194f0a0-0000-7000-8000-000000000001',
        op: 'update',
        data: JSON.stringify({ stage: 7 }),
        base: null,
      },
    ]);
    await expectRefused(a, b);
  });

  it('is refused whole when a new observation has a value of the wrong type', async () => {
    const { a, b, patientId } = await syncedPair();
    const id = '0194f0a0-0000-7000-8000-000000000002';
    const vital = {
      id,
      facility_id: a.facilityId(),
      hlc: '000000000000.0000.x',
      created_at: new Date(a.now).toISOString(),
      created_by: 'someone',
      deleted_at: null,
      patient_id: patientId,
      visit_id: '0194f0a0-0000-7000-8000-000000000003',
      recorded_at: new Date(a.now).toISOString(),
      pulse_bpm: '72',
    };
    await pushAsA(a, [
      goodEdit(patientId),
      { table_name: 'vital_signs', row_id: id, op: 'insert', data: JSON.stringify(vital), base: null },
    ]);
    await expectRefused(a, b);
  });

  it('applies the same batch shape when every value fits (the refusals above are about the values)', async () => {
    const { a, b, patientId } = await syncedPair();
    await pushAsA(a, [goodEdit(patientId)]);
    await b.sync.syncNow();
    expect(b.db.prepare('SELECT given_name FROM patients WHERE id = ?').pluck().get(patientId)).toBe('Imani');
  });
});
