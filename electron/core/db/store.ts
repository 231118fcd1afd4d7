import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { enableCapture } from '../sync/capture';
import { StoreError } from './errors';
import type { DatabaseKey, KeyProvider } from './key-provider';
import { currentVersion, migrate, type Migration } from './migrations';

export const DATABASE_FILE = 'zahanati.db';

export interface Store {
  readonly db: Database.Database;
  readonly path: string;
  readonly schemaVersion: number;
  readonly sqlcipherVersion: string;
  readonly keyProtection: KeyProvider['kind'];
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  keyProvider: KeyProvider;
  migrations: readonly Migration[];
}

/**
 * Opens the workstation's encrypted store, creating it (and its key) on first
 * run. The key is unwrapped before the database file is touched, so a wrong
 * passphrase or a damaged key file leaves the database exactly as it was.
 */
export async function openStore({ dataDir, keyProvider, migrations }: OpenStoreOptions): Promise<Store> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  const key = keyProvider.hasKey() ? await keyProvider.loadKey() : await keyProvider.createKey();
  const db = openEncrypted(path, key);
  key.fill(0);
  try {
    migrate(db, migrations);
    // The change-capture triggers call these functions: every connection to the store needs them.
    enableCapture(db);
    return {
      db,
      path,
      schemaVersion: currentVersion(db),
      sqlcipherVersion: readCipherVersion(db),
      keyProtection: keyProvider.kind,
      close: () => db.close(),
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** SQLCipher 4 format, so standard SQLCipher tools can open the file with the same raw key. */
export function openEncrypted(path: string, key: DatabaseKey): Database.Database {
  const db = new Database(path);
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    assertKeyOpensDatabase(db);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = ON');
    db.pragma('temp_store = MEMORY');
    // 64 MiB of page cache instead of SQLite's 2 MB: applying a large sync is otherwise mostly index-page misses.
    db.pragma('cache_size = -65536');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function assertKeyOpensDatabase(db: Database.Database): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    throw new StoreError(
      'WRONG_KEY',
      "The record store cannot be opened with this workstation's key. Nothing was changed. " +
        'Restore the key from backup or rebuild this workstation with its recovery kit.',
    );
  }
}

/** The file format is SQLCipher 4; the engine writing it is SQLite3 Multiple Ciphers. */
function readCipherVersion(db: Database.Database): string {
  const { engine, sqlite } = db.prepare('SELECT sqlite3mc_version() AS engine, sqlite_version() AS sqlite').get() as {
    engine: string;
    sqlite: string;
  };
  return `SQLCipher 4 format (${engine}, SQLite ${sqlite})`;
}
