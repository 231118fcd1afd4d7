import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareHlc, HybridLogicalClock } from '../../../shared/sync/hlc';
import { MIN_ARGON2_PARAMS, PassphraseKeyProvider } from '../db/passphrase-key-provider';
import { MIGRATIONS } from '../db/schema';
import { openStore, type Store } from '../db/store';
import { makeTempDir } from '../testing/temp-dir';
import { syncedColumns } from './columns';
import { ROW_VERSION } from './versions';
import { RecordWriter, type SyncedTable } from './writer';

const NOTES: SyncedTable = { name: 'test_notes', kind: 'append-only', columns: ['body', 'supersedes_id'] };
const PEOPLE: SyncedTable = { name: 'test_people', kind: 'mutable', columns: ['name', 'phone'] };
const ctx = { facilityId: 'facility-1', userId: 'user-1', now: new Date('2026-11-22T08:00:00Z') };

let dir: ReturnType<typeof makeTempDir>;
let store: Store;
let physical: number;
let writer: RecordWriter;

async function open(): Promise<void> {
  store = await openStore({
    dataDir: dir.path,
    keyProvider: new PassphraseKeyProvider(join(dir.path, 'key'), 'records test passphrase', MIN_ARGON2_PARAMS),
    migrations: MIGRATIONS,
  });
  store.db.exec(
    `CREATE TABLE IF NOT EXISTS test_notes (${syncedColumns('append-only')}, body TEXT, supersedes_id TEXT)`,
  );
  store.db.exec(`CREATE TABLE IF NOT EXISTS test_people (${syncedColumns('mutable')}, name TEXT, phone TEXT)`);
  writer = new RecordWriter(store.db, new HybridLogicalClock('ws-1', () => physical));
}

beforeEach(async () => {
  dir = makeTempDir();
  physical = Date.parse('2026-11-22T08:00:00Z');
  await open();
});
afterEach(() => {
  store.close();
  dir.remove();
});

const changes = () =>
  store.db.prepare('SELECT table_name, op, data, hlc, base FROM change_log ORDER BY seq').all() as {
    table_name: string;
    op: string;
    data: string;
    hlc: string;
    base: string | null;
  }[];

describe('the record writer', () => {
  it('stamps a UUIDv7 id, the facility, an HLC and who created it, and logs the change', () => {
    const id = writer.insert(PEOPLE, { name: 'Amina', phone: '+254712345678' }, ctx);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const row = store.db.prepare('SELECT * FROM test_people WHERE id = ?').get(id);
    expect(row).toMatchObject({ facility_id: 'facility-1', created_by: 'user-1', deleted_at: null, name: 'Amina' });
    const [logged] = changes();
    expect(logged).toMatchObject({ table_name: 'test_people', op: 'insert' });
    expect(JSON.parse(logged?.data ?? '{}')).toMatchObject({ id, name: 'Amina', phone: '+254712345678' });
  });

  it('records no version for a new row; its first edit keeps the row’s HLC for the columns it leaves alone', () => {
    const versionsOf = (id: string) =>
      Object.fromEntries(
        (
          store.db.prepare('SELECT column_name, hlc FROM column_versions WHERE row_id = ?').all(id) as {
            column_name: string;
            hlc: string;
          }[]
        ).map((row) => [row.column_name, row.hlc]),
      );
    const id = writer.insert(PEOPLE, { name: 'Amina', phone: null }, ctx);
    const insertedHlc = store.db.prepare('SELECT hlc FROM test_people WHERE id = ?').pluck().get(id) as string;
    expect(versionsOf(id)).toEqual({});
    physical += 1000;
    writer.update(PEOPLE, id, { phone: '+254700000000' }, ctx);
    const edited = versionsOf(id);
    expect(Object.keys(edited).sort()).toEqual([ROW_VERSION, 'phone', 'updated_at'].sort());
    expect(edited[ROW_VERSION]).toBe(insertedHlc);
    expect(compareHlc(edited['phone'] ?? '', insertedHlc)).toBeGreaterThan(0);
    // The edit's base is what the columns held before: the row's HLC, for a row never edited.
    const [, logged] = changes();
    expect(JSON.parse(logged?.base ?? '{}')).toEqual({ phone: insertedHlc, updated_at: insertedHlc });
    physical += 1000;
    writer.update(PEOPLE, id, { name: 'Amina W.' }, ctx);
    // A later edit's base for a column never edited is still the row's first version, not the moved row HLC.
    expect(JSON.parse(changes().at(-1)?.base ?? '{}')).toEqual({ name: insertedHlc, updated_at: edited['phone'] });
    expect(changes().map((change) => change.op)).toEqual(['insert', 'update', 'update']);
  });

  it('soft-deletes mutable rows as tombstones that sync', () => {
    const id = writer.insert(PEOPLE, { name: 'Amina', phone: null }, ctx);
    writer.softDelete(PEOPLE, id, ctx);
    expect(store.db.prepare('SELECT deleted_at FROM test_people WHERE id = ?').pluck().get(id)).toBe(
      ctx.now.toISOString(),
    );
    expect(changes().at(-1)).toMatchObject({ op: 'delete' });
    expect(() => writer.update(PEOPLE, id, { name: 'X' }, ctx)).toThrow(/No live/);
  });

  it('never changes or deletes an append-only row', () => {
    const id = writer.insert(NOTES, { body: 'first', supersedes_id: null }, ctx);
    expect(() => writer.update(NOTES, id, { body: 'changed' }, ctx)).toThrow(/append-only/);
    expect(() => writer.softDelete(NOTES, id, ctx)).toThrow(/append-only/);
    writer.insert(NOTES, { body: 'corrected', supersedes_id: id }, ctx);
    expect(store.db.prepare('SELECT body FROM test_notes ORDER BY hlc').pluck().all()).toEqual(['first', 'corrected']);
  });

  it('refuses columns the table does not declare', () => {
    expect(() => writer.insert(PEOPLE, { name: 'A', 'phone; DROP TABLE x': 'y' }, ctx)).toThrow(/no writable column/);
    expect(() => writer.insert(PEOPLE, { hlc: 'forged' }, ctx)).toThrow(/no writable column/);
  });

  it('leaves no change behind when the transaction rolls back', () => {
    store.db.exec('BEGIN');
    writer.insert(PEOPLE, { name: 'Amina', phone: null }, ctx);
    store.db.exec('ROLLBACK');
    expect(changes()).toEqual([]);
    expect(store.db.prepare('SELECT count(*) FROM test_people').pluck().get()).toBe(0);
  });

  it('continues its clock after a restart even when the physical clock went back', async () => {
    writer.insert(PEOPLE, { name: 'Amina', phone: null }, ctx);
    const before = changes()[0]?.hlc ?? '';
    store.close();
    physical -= 3 * 24 * 3_600_000;
    await open();
    writer.insert(PEOPLE, { name: 'Baraka', phone: null }, ctx);
    expect(compareHlc(changes()[1]?.hlc ?? '', before)).toBeGreaterThan(0);
  });

  it('hands out per-workstation counters that survive a restart', async () => {
    expect([writer.nextCounter('n'), writer.nextCounter('n')]).toEqual([1, 2]);
    store.close();
    await open();
    expect(writer.nextCounter('n')).toBe(3);
  });
});
