import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StoreError } from './errors';

export interface Migration {
  /** Strictly increasing, starting at 1, never renumbered once released. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
}

/** Migrations are forward-only: a released one is never edited, a new one is appended. */
export function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}`);
    }
  });
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

export function currentVersion(db: Database): number {
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as
    { version: number | null } | undefined;
  return row?.version ?? 0;
}

/**
 * Brings the schema up to date in one transaction: either every pending
 * migration applies or none does. Refuses a database written by a newer app.
 */
export function migrate(db: Database, migrations: readonly Migration[], now: () => Date = () => new Date()): number {
  assertWellFormed(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const known = latestVersion(migrations);
  const applied = currentVersion(db);
  if (applied > known) {
    throw new StoreError(
      'SCHEMA_TOO_NEW',
      `This workstation's records were saved by a newer version of Zahanati (data version ${applied}; ` +
        `this app understands up to ${known}). Install the newer version to open them. Nothing was changed.`,
    );
  }
  const pending = migrations.filter((migration) => migration.version > applied);
  if (pending.length === 0) return applied;
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applyAll = db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      record.run(migration.version, migration.name, now().toISOString());
    }
  });
  try {
    applyAll.immediate();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const failed = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'MIGRATION_FAILED',
      `Updating the record store failed and was rolled back; the records are as they were. (${failed})`,
    );
  }
  return known;
}
