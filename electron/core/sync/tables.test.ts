import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_ARGON2_PARAMS, PassphraseKeyProvider } from '../db/passphrase-key-provider';
import { MIGRATIONS } from '../db/schema';
import { openStore, type Store } from '../db/store';
import { makeTempDir } from '../testing/temp-dir';
import { captureTriggerNames } from './capture';
import { isLocalTable, LOCAL_TABLES, SYNCED_TABLES } from './tables';

let dir: ReturnType<typeof makeTempDir>;
let store: Store;

beforeAll(async () => {
  dir = makeTempDir();
  store = await openStore({
    dataDir: dir.path,
    keyProvider: new PassphraseKeyProvider(join(dir.path, 'key'), 'sync tables test passphrase', MIN_ARGON2_PARAMS),
    migrations: MIGRATIONS,
  });
});
afterAll(() => {
  store.close();
  dir.remove();
});

describe('the sync table registry', () => {
  it('classifies every table of the store exactly once: synced, or local with a reason', () => {
    const tables = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    const synced = new Set(SYNCED_TABLES.map((table) => table.name));
    const unclassified = tables.filter((name) => !synced.has(name) && !isLocalTable(name));
    const both = tables.filter((name) => synced.has(name) && isLocalTable(name));
    expect({ unclassified, both }).toEqual({ unclassified: [], both: [] });
    expect(SYNCED_TABLES.map((table) => table.name).filter((name) => !tables.includes(name))).toEqual([]);
    expect(Object.keys(LOCAL_TABLES).filter((name) => !tables.includes(name))).toEqual([]);
  });

  it('captures by triggers exactly the tables written by plain SQL', () => {
    for (const table of SYNCED_TABLES) {
      const triggers = captureTriggerNames(store.db, table.name);
      if (table.capture === 'writer') expect(triggers, table.name).toEqual([]);
      else expect(triggers.length, table.name).toBeGreaterThan(0);
    }
  });

  it('gives mutable and append-only tables a single key and link tables a composite one', () => {
    for (const table of SYNCED_TABLES) {
      expect(table.key.length > 1, table.name).toBe(table.kind === 'link');
    }
  });
});
