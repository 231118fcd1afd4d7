import { HybridLogicalClock } from '../../../shared/sync/hlc';
import type { Migration } from '../db/migrations';
import { backfillTriggerTables, createAllCaptureTriggers } from './capture';

/**
 * The sync client's local state and the capture of the tables written by
 * plain SQL:
 *
 * - `change_log.base`: the column versions an edit overwrote (conflict detection).
 * - `column_edits`: the edit history conflicts are judged from (records/versions.ts).
 * - `sync_state`: this workstation's device keys (Ed25519 to sign, X25519 to
 *   receive sealed keyrings; PKCS#8, protected at rest by SQLCipher), server,
 *   facility, pull cursor, batch sequence, last pushed change, last sync.
 * - `sync_keys`: the facility keyring; old keys stay to read old batches.
 * - `sync_sealed`: which devices this workstation has sealed which current key to.
 * - `sync_outbox`: each sealed batch, stored before it is pushed, so a push
 *   interrupted at any point is retried with the very same bytes.
 * - `sync_conflicts`: losing concurrent edits, for review.
 * - `sync_pending`: an edit that arrived before the row it edits.
 */
export const syncMigration: Migration = {
  version: 16,
  name: 'sync state, keyring, outbox, conflicts and capture of identity and administration tables',
  up(db) {
    db.exec(`
      ALTER TABLE change_log ADD COLUMN base TEXT;

      CREATE TABLE column_edits (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        column_name TEXT NOT NULL,
        hlc TEXT NOT NULL,
        base TEXT,
        value ANY,
        PRIMARY KEY (table_name, row_id, column_name, hlc)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_state (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        sign_private BLOB,
        sign_public BLOB,
        box_private BLOB,
        box_public BLOB,
        server_url TEXT,
        facility_id TEXT,
        registered INTEGER NOT NULL DEFAULT 0 CHECK (registered IN (0, 1)),
        pull_cursor INTEGER NOT NULL DEFAULT 0,
        next_sequence INTEGER NOT NULL DEFAULT 1,
        last_pushed_seq INTEGER NOT NULL DEFAULT 0,
        last_sync_at TEXT,
        last_error TEXT,
        skew_ms INTEGER,
        initial_sync_done INTEGER NOT NULL DEFAULT 0 CHECK (initial_sync_done IN (0, 1)),
        max_remote_hlc TEXT
      ) STRICT;
      INSERT INTO sync_state (singleton) VALUES (1);

      CREATE TABLE sync_keys (
        key_id TEXT PRIMARY KEY,
        key BLOB NOT NULL CHECK (length(key) = 32),
        generation INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_sealed (
        device_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        PRIMARY KEY (device_id, key_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sync_outbox (
        sequence INTEGER PRIMARY KEY,
        first_seq INTEGER NOT NULL,
        last_seq INTEGER NOT NULL,
        change_count INTEGER NOT NULL,
        header TEXT NOT NULL,
        ciphertext BLOB NOT NULL,
        signature BLOB NOT NULL
      ) STRICT;

      CREATE TABLE sync_conflicts (
        id TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        column_name TEXT NOT NULL,
        winning_value TEXT,
        losing_value TEXT,
        winning_hlc TEXT NOT NULL,
        losing_hlc TEXT NOT NULL,
        losing_device_id TEXT NOT NULL,
        detected_at TEXT NOT NULL,
        reviewed_at TEXT,
        reviewed_by TEXT,
        UNIQUE (table_name, row_id, column_name, losing_hlc)
      ) STRICT;
      CREATE INDEX sync_conflicts_open ON sync_conflicts (reviewed_at, detected_at);

      CREATE TABLE sync_pending (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        hlc TEXT NOT NULL,
        change TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id, hlc)
      ) STRICT, WITHOUT ROWID;
    `);
    const workstationId = db.prepare('SELECT id FROM workstation').pluck().get() as string;
    const clock = new HybridLogicalClock(workstationId);
    const latest = db.prepare('SELECT max(hlc) FROM change_log').pluck().get() as string | null;
    if (latest !== null) clock.receive(latest);
    backfillTriggerTables(db, clock);
    createAllCaptureTriggers(db);
  },
};

/** Where a joining workstation keeps the indexes it builds after its initial sync (see deferred-indexes.ts). */
export const deferredIndexesMigration: Migration = {
  version: 20,
  name: 'indexes a joining workstation builds after its initial sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_deferred_indexes (
        name TEXT PRIMARY KEY,
        sql TEXT NOT NULL
      ) STRICT;
    `);
  },
};
