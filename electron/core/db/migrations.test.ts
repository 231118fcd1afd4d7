import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { assertWellFormed, type Migration } from './migrations';
import { PassphraseKeyProvider } from './passphrase-key-provider';
import { MIGRATIONS } from './schema';
import { DATABASE_FILE, openStore } from './store';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

const provider = () => new PassphraseKeyProvider(join(dir.path, 'workstation.key'), 'migrations test passphrase');
const open = (migrations: readonly Migration[]) =>
  openStore({ dataDir: dir.path, keyProvider: provider(), migrations });

const tableMigration = (version: number, table: string): Migration => ({
  version,
  name: `create ${table}`,
  up: (db) => db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`),
});

function tables(store: Awaited<ReturnType<typeof open>>): string[] {
  return store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

describe('schema migrations', () => {
  it('applies the application migrations once and records each', async () => {
    const store = await open(MIGRATIONS);
    const recorded = store.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    store.close();

    const again = await open(MIGRATIONS);
    expect(again.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(MIGRATIONS.length);
    again.close();
  });

  it('runs only the pending ones on a later version', async () => {
    (await open([tableMigration(1, 'first')])).close();
    const store = await open([tableMigration(1, 'first'), tableMigration(2, 'second')]);
    expect(tables(store)).toEqual(['first', 'schema_migrations', 'second']);
    expect(store.schemaVersion).toBe(2);
    store.close();
  });

  it('applies all pending migrations in one transaction: a failure leaves none of them', async () => {
    (await open([tableMigration(1, 'first')])).close();
    const failing: Migration = {
      version: 3,
      name: 'broken',
      up: (db) => db.exec('CREATE TABLE broken (id INTEGER PRIMARY KEY); INSERT INTO nowhere VALUES (1)'),
    };

    await expect(open([tableMigration(1, 'first'), tableMigration(2, 'second'), failing])).rejects.toMatchObject({
      reason: 'MIGRATION_FAILED',
      message: /rolled back/,
    });
    const store = await open([tableMigration(1, 'first')]);
    expect(tables(store)).toEqual(['first', 'schema_migrations']);
    expect(store.schemaVersion).toBe(1);
    store.close();
  });

  it('refuses a database written by a newer app, with a clear message, and changes nothing', async () => {
    (await open([tableMigration(1, 'first'), tableMigration(2, 'second')])).close();
    const dbFile = join(dir.path, DATABASE_FILE);
    const before = createHash('sha256').update(readFileSync(dbFile)).digest('hex');

    await expect(open([tableMigration(1, 'first')])).rejects.toMatchObject({
      reason: 'SCHEMA_TOO_NEW',
      message: /newer version of Zahanati \(data version 2; this app understands up to 1\)/,
    });
    expect(createHash('sha256').update(readFileSync(dbFile)).digest('hex')).toBe(before);
  });

  it('rejects a list with gaps or reordering', () => {
    expect(() => assertWellFormed([tableMigration(1, 'a'), tableMigration(3, 'b')])).toThrow(/expected 2/);
    expect(() => assertWellFormed([tableMigration(2, 'a')])).toThrow(/expected 1/);
    expect(() => assertWellFormed(MIGRATIONS)).not.toThrow();
  });
});
