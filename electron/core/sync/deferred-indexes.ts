import type { Database } from 'better-sqlite3-multiple-ciphers';
import { SYNCED_TABLES } from './tables';

/**
 * A joining workstation loads the facility's whole history (a million
 * observations and more). Keeping each observation's secondary indexes while
 * rows arrive means a random b-tree insert per index per row, which once the
 * indexes outgrow the page cache re-reads and re-encrypts pages without end:
 * most of a join's time. So the join drops those indexes first and builds them
 * once at the end (a sort, not a million random inserts).
 *
 * Only the non-unique indexes of append-only clinical tables are deferred:
 * applying a change never looks rows up by them (append-only rows are found by
 * their key), unique indexes keep guarding their values, and the tables local
 * commands look up while a join runs (the audit trail's chain, accounts,
 * patients for the search index) keep theirs. The dropped definitions are kept
 * in the store, in the same transaction as the drop, so a join interrupted
 * anywhere still ends with every index rebuilt by the sync run that completes
 * it.
 */
const DEFERRABLE_TABLES: readonly string[] = SYNCED_TABLES.filter(
  (spec) => spec.kind === 'append-only' && spec.capture === 'writer',
).map((spec) => spec.name);

/** Drops the deferrable indexes and keeps their definitions. Call inside a transaction. */
export function deferIndexes(db: Database): number {
  const indexes = db
    .prepare(
      `SELECT name, sql FROM sqlite_master
       WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
         AND tbl_name IN (SELECT value FROM json_each(?))
       ORDER BY name`,
    )
    .all(JSON.stringify(DEFERRABLE_TABLES)) as { name: string; sql: string }[];
  const keep = db.prepare('INSERT INTO sync_deferred_indexes (name, sql) VALUES (?, ?)');
  for (const index of indexes) {
    keep.run(index.name, index.sql);
    db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
  }
  return indexes.length;
}

/** Whether an initial sync left indexes to build. */
export function hasDeferredIndexes(db: Database): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM sync_deferred_indexes)').pluck().get() === 1;
}

/** Builds every deferred index from its kept definition. Call inside a transaction. */
export function restoreIndexes(db: Database): number {
  const indexes = db.prepare('SELECT name, sql FROM sync_deferred_indexes ORDER BY name').all() as {
    name: string;
    sql: string;
  }[];
  const present = db.prepare("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)").pluck();
  for (const index of indexes) {
    if (present.get(index.name) !== 1) db.exec(index.sql);
  }
  db.prepare('DELETE FROM sync_deferred_indexes').run();
  return indexes.length;
}
