/**
 * The sync client's own tables: identity, cursors, keyring, outbox, conflicts.
 * Synchronous; callers hold the dispatcher's queue (or run inside a command).
 */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ConflictRecord } from './engine-api';
import type { LoggedChange } from './batch';
import { exportPrivateKey, generateDeviceKeys, importDeviceKeys, type DeviceKeys } from './crypto';
import type { FacilityKey } from './keyring';
import { StatementCache } from '../db/statement-cache';

export interface SyncStateRow {
  server_url: string | null;
  facility_id: string | null;
  registered: 0 | 1;
  pull_cursor: number;
  next_sequence: number;
  last_pushed_seq: number;
  last_sync_at: string | null;
  last_error: string | null;
  skew_ms: number | null;
  initial_sync_done: 0 | 1;
  max_remote_hlc: string | null;
}

export interface OutboxRow {
  sequence: number;
  first_seq: number;
  last_seq: number;
  change_count: number;
  header: string;
  ciphertext: Buffer;
  signature: Buffer;
}

interface ConflictRow {
  id: string;
  table_name: string;
  row_id: string;
  column_name: string;
  winning_value: string | null;
  losing_value: string | null;
  winning_hlc: string;
  losing_hlc: string;
  losing_device_id: string;
  detected_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

/** `PRAGMA secure_delete` reads back as a number; these are the values it is set with. */
const SECURE_DELETE_MODES: Readonly<Record<number, string>> = { 0: 'OFF', 1: 'ON', 2: 'FAST' };

export class SyncStateStore {
  private readonly prepared: StatementCache;

  constructor(private readonly db: Database) {
    this.prepared = new StatementCache(db);
  }

  row(): SyncStateRow {
    return this.db
      .prepare(
        `SELECT server_url, facility_id, registered, pull_cursor, next_sequence, last_pushed_seq, last_sync_at, last_error,
           skew_ms, initial_sync_done, max_remote_hlc FROM sync_state WHERE singleton = 1`,
      )
      .get() as SyncStateRow;
  }

  /** This workstation's device keys, made once (before any server sees them) and kept. */
  deviceKeys(): DeviceKeys {
    const stored = this.db.prepare('SELECT sign_private, box_private FROM sync_state WHERE singleton = 1').get() as {
      sign_private: Buffer | null;
      box_private: Buffer | null;
    };
    if (stored.sign_private !== null && stored.box_private !== null) {
      return importDeviceKeys(stored.sign_private, stored.box_private);
    }
    const keys = generateDeviceKeys();
    this.db
      .prepare(
        'UPDATE sync_state SET sign_private = ?, sign_public = ?, box_private = ?, box_public = ? WHERE singleton = 1',
      )
      .run(exportPrivateKey(keys.signPrivate), keys.signPublic, exportPrivateKey(keys.boxPrivate), keys.boxPublic);
    return keys;
  }

  configure(serverUrl: string, facilityId: string): void {
    this.db
      .prepare('UPDATE sync_state SET server_url = ?, facility_id = ?, registered = 1 WHERE singleton = 1')
      .run(serverUrl, facilityId);
  }

  setCursor(cursor: number): void {
    this.db.prepare('UPDATE sync_state SET pull_cursor = max(pull_cursor, ?) WHERE singleton = 1').run(cursor);
  }

  noteRemoteHlc(hlc: string): void {
    this.db
      .prepare(
        'UPDATE sync_state SET max_remote_hlc = ? WHERE singleton = 1 AND (max_remote_hlc IS NULL OR max_remote_hlc < ?)',
      )
      .run(hlc, hlc);
  }

  recordSuccess(at: Date): void {
    this.db
      .prepare('UPDATE sync_state SET last_sync_at = ?, last_error = NULL WHERE singleton = 1')
      .run(at.toISOString());
  }

  recordError(message: string | null): void {
    this.db.prepare('UPDATE sync_state SET last_error = ? WHERE singleton = 1').run(message);
  }

  setSkew(skewMs: number): void {
    this.db.prepare('UPDATE sync_state SET skew_ms = ? WHERE singleton = 1').run(Math.round(skewMs));
  }

  setInitialSyncDone(): void {
    this.db.prepare('UPDATE sync_state SET initial_sync_done = 1 WHERE singleton = 1').run();
  }

  // --- keyring -------------------------------------------------------------------

  keys(): FacilityKey[] {
    return (
      this.db
        .prepare('SELECT key_id, key, generation, created_at FROM sync_keys ORDER BY generation, key_id')
        .all() as {
        key_id: string;
        key: Buffer;
        generation: number;
        created_at: string;
      }[]
    ).map((row) => ({ keyId: row.key_id, key: row.key, generation: row.generation, createdAt: row.created_at }));
  }

  /** Adds keys not held yet; a key id never changes its key. Returns how many were new. */
  addKeys(keys: readonly FacilityKey[]): number {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO sync_keys (key_id, key, generation, created_at) VALUES (?, ?, ?, ?)',
    );
    let added = 0;
    for (const key of keys) added += insert.run(key.keyId, key.key, key.generation, key.createdAt).changes;
    return added;
  }

  /** Devices this workstation has already sealed the given key to. */
  sealedTo(keyId: string): Set<string> {
    return new Set(
      this.db.prepare('SELECT device_id FROM sync_sealed WHERE key_id = ?').pluck().all(keyId) as string[],
    );
  }

  recordSealed(keyId: string, deviceIds: readonly string[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO sync_sealed (device_id, key_id) VALUES (?, ?)');
    for (const deviceId of deviceIds) insert.run(deviceId, keyId);
  }

  // --- outgoing ------------------------------------------------------------------

  /**
   * Changes after `seq`, in log order: at most `limit`, and no more once their
   * data and bases together exceed `maxChars` characters (a batch is bounded
   * by bytes too; every byte of a change's JSON counts towards that bound, so
   * a batch never needs a change beyond the one that passed it). Reading
   * only that far matters: reading a whole count's worth and cutting half of
   * it away re-read most of the log.
   */
  changesAfter(seq: number, limit: number, maxChars = Number.POSITIVE_INFINITY): LoggedChange[] {
    const changes: LoggedChange[] = [];
    let chars = 0;
    const rows = this.prepared
      .get('SELECT seq, table_name, row_id, op, data, hlc, base FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?')
      .iterate(seq, limit) as IterableIterator<LoggedChange>;
    for (const change of rows) {
      changes.push(change);
      chars += change.data.length + (change.base?.length ?? 0);
      if (chars > maxChars) break; // leaving the loop closes the statement
    }
    return changes;
  }

  /**
   * Changes logged after the last one pushed. The log's seq is AUTOINCREMENT
   * and nothing is ever deleted from it, so this is a difference of two seqs:
   * counting the rows read every page of a long log (most of a second for
   * 100,000 changes) just to show progress.
   */
  pendingChanges(): number {
    const { last_pushed_seq } = this.row();
    const latest = this.db.prepare('SELECT max(seq) FROM change_log').pluck().get() as number | null;
    return Math.max(0, (latest ?? 0) - last_pushed_seq);
  }

  /**
   * What the status shows as waiting: record changes only. Audit entries sync too, but every
   * status read writes one, so counting them would never let the figure reach zero.
   */
  pendingRecordChanges(): number {
    const { last_pushed_seq } = this.row();
    return this.db
      .prepare("SELECT count(*) FROM change_log WHERE seq > ? AND table_name <> 'audit_log'")
      .pluck()
      .get(last_pushed_seq) as number;
  }

  outbox(): OutboxRow[] {
    return this.db.prepare('SELECT * FROM sync_outbox ORDER BY sequence').all() as OutboxRow[];
  }

  /** The last change already in a sealed batch (pushed or waiting in the outbox). */
  lastSealedSeq(): number {
    const waiting = this.db.prepare('SELECT max(last_seq) FROM sync_outbox').pluck().get() as number | null;
    return Math.max(waiting ?? 0, this.row().last_pushed_seq);
  }

  /**
   * Stores a sealed batch and takes its sequence number, in one transaction:
   * a batch kept without its sequence taken would be sealed again under the
   * same number with other bytes, which the server refuses for good.
   */
  addToOutbox(row: OutboxRow): void {
    this.db.transaction(() => {
      this.prepared
        .get(
          `INSERT INTO sync_outbox (sequence, first_seq, last_seq, change_count, header, ciphertext, signature)
         VALUES (@sequence, @first_seq, @last_seq, @change_count, @header, @ciphertext, @signature)`,
        )
        .run(row);
      this.prepared.get('UPDATE sync_state SET next_sequence = ? WHERE singleton = 1').run(row.sequence + 1);
    })();
  }

  /** The server holds the batch: it leaves the outbox and its changes count as pushed, in one transaction. */
  markPushed(sequence: number, lastSeq: number): void {
    this.db.transaction(() => {
      this.withoutSecureDelete(() => this.prepared.get('DELETE FROM sync_outbox WHERE sequence = ?').run(sequence));
      this.prepared
        .get('UPDATE sync_state SET last_pushed_seq = max(last_pushed_seq, ?) WHERE singleton = 1')
        .run(lastSeq);
    })();
  }

  /**
   * Runs `fn` without zeroing the pages it frees. The store zeroes freed pages
   * so deleted records leave nothing behind even to someone holding its key;
   * a sealed batch is ciphertext of changes the change log keeps anyway, so
   * zeroing its pages (a few hundred per batch, each encrypted and written
   * again) protects nothing.
   */
  private withoutSecureDelete<T>(fn: () => T): T {
    const before = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = OFF');
    try {
      return fn();
    } finally {
      this.db.pragma(`secure_delete = ${SECURE_DELETE_MODES[before] ?? 'ON'}`);
    }
  }

  // --- conflicts -----------------------------------------------------------------

  conflicts(filter: { includeReviewed: boolean; limit: number }): ConflictRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM sync_conflicts ${filter.includeReviewed ? '' : 'WHERE reviewed_at IS NULL'}
         ORDER BY detected_at DESC, losing_hlc DESC LIMIT ?`,
      )
      .all(Math.max(0, Math.floor(filter.limit))) as ConflictRow[];
    return rows.map((row) => ({
      id: row.id,
      tableName: row.table_name,
      rowId: row.row_id,
      columnName: row.column_name,
      winningValue: row.winning_value,
      losingValue: row.losing_value,
      winningHlc: row.winning_hlc,
      losingHlc: row.losing_hlc,
      losingDeviceId: row.losing_device_id,
      detectedAt: row.detected_at,
      reviewedAt: row.reviewed_at,
      reviewedBy: row.reviewed_by,
    }));
  }

  conflictsToReview(): number {
    return this.db.prepare('SELECT count(*) FROM sync_conflicts WHERE reviewed_at IS NULL').pluck().get() as number;
  }

  markConflictReviewed(id: string, userId: string, at: Date): boolean {
    return (
      this.db
        .prepare('UPDATE sync_conflicts SET reviewed_at = ?, reviewed_by = ? WHERE id = ? AND reviewed_at IS NULL')
        .run(at.toISOString(), userId, id).changes === 1
    );
  }
}
