import type { Migration } from '../db/migrations';

/**
 * Every write to a synced table is logged here in the same transaction, with
 * the hybrid logical clock of the change: the sync client cuts batches from
 * this log. Mutable rows also keep each column's last HLC, which the merge
 * compares (last writer wins per column).
 */
export const changeLogMigration: Migration = {
  version: 8,
  name: 'change log and column versions for sync',
  up(db) {
    db.exec(`
      CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
        data TEXT NOT NULL,
        hlc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX change_log_row ON change_log (table_name, row_id);

      CREATE TABLE column_versions (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        column_name TEXT NOT NULL,
        hlc TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id, column_name)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE workstation_counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
