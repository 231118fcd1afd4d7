/**
 * The embedded default: one SQLite file through better-sqlite3. Every write runs
 * in a `BEGIN IMMEDIATE` transaction, so cursors stay gapless and a code is spent
 * once even with several connections (or processes) on one file.
 *
 * Group commit: better-sqlite3 is synchronous, so each `synchronous = FULL` commit
 * blocks the event loop for an fsync (milliseconds). Writes requested in one turn
 * of the event loop are therefore queued and run together, each in its own
 * savepoint (one failing write rolls back only itself), inside one transaction
 * with one fsync; every caller is answered only after that commit, so an
 * acknowledged write is on disk. Reads never see a half-done group: the whole
 * group runs synchronously between two turns.
 *
 * WAL checkpoints run in a worker thread, off the request path (see
 * wal-checkpointer.ts); the serving connection only appends to the WAL.
 */
import Database from 'better-sqlite3';
import {
  type AppendResult,
  type BatchRow,
  type CreateEnrollmentResult,
  type DeviceRecord,
  type EnrollmentPurgeResult,
  type NewBatch,
  type NewDevice,
  type NewEnrollment,
  type PutEnvelopes,
  type PutEnvelopesResult,
  type RedeemRecoveryResult,
  type RedeemResult,
  type RegisterRecoveryResult,
  type RegisterResult,
  type SealedEnvelope,
  type StorageCounts,
  type SyncStorage,
  type DeviceRow,
  type EnrollmentRow,
  type NonceUse,
  type StoredBatchRow,
  batchFromRow,
  batchRowValues,
  deviceFromRow,
  DROPPED_ENVELOPE,
  ENROLLMENT_PURGE_GRACE_MS,
  enrollmentFromRow,
  judgeRedemption,
  judgeRepush,
  newDeviceRecord,
  sameActiveDevice,
} from './storage';
import {
  type CheckpointMode,
  type StorageLogger,
  type WalCheckpointOptions,
  type WalCheckpointStats,
  stderrLogger,
  WalCheckpointer,
} from './wal-checkpointer';

/** Schema versions, applied in order; each entry upgrades the previous one. Exported for the upgrade test. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE facilities (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    last_cursor INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    enrolled_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) STRICT;
  CREATE INDEX devices_facility ON devices(facility_id);
  CREATE TABLE batches (
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    cursor INTEGER NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(id),
    sequence INTEGER NOT NULL,
    header TEXT NOT NULL,
    ciphertext BLOB NOT NULL,
    signature BLOB NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (facility_id, cursor),
    UNIQUE (device_id, sequence)
  ) STRICT;
  CREATE TABLE nonces (
    device_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, nonce)
  ) STRICT;
  CREATE INDEX nonces_seen_at ON nonces(seen_at);
  `,
  // 2: device kinds and box keys, sealed key envelopes, one-time enrollment codes.
  // Devices of version 1 become workstations without a box key until they register again.
  `
  ALTER TABLE devices ADD COLUMN kind TEXT NOT NULL DEFAULT 'workstation'
    CHECK (kind IN ('workstation', 'recovery'));
  ALTER TABLE devices ADD COLUMN box_public_key BLOB
    CHECK (box_public_key IS NULL OR length(box_public_key) = 32);
  CREATE UNIQUE INDEX devices_one_active_recovery ON devices(facility_id)
    WHERE kind = 'recovery' AND status = 'active';
  CREATE TABLE key_envelopes (
    device_id TEXT PRIMARY KEY REFERENCES devices(id),
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    key_id TEXT NOT NULL,
    envelope BLOB NOT NULL,
    sealed_by TEXT NOT NULL REFERENCES devices(id),
    sealed_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE enrollments (
    code_id TEXT PRIMARY KEY,
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    created_by TEXT NOT NULL REFERENCES devices(id),
    key_id TEXT NOT NULL,
    envelope BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    redeemed_by TEXT REFERENCES devices(id),
    redeemed_at INTEGER
  ) STRICT;
  CREATE INDEX enrollments_created_by ON enrollments(created_by);
  `,
];

export interface SqliteStorageOptions {
  /** Path of the database file (created when missing); ':memory:' for a throwaway store. */
  filename: string;
  /**
   * WAL checkpoints: in a worker thread (default, tunable here) or, with `false`, on the serving
   * connection as SQLite does by default (what the storage falls back to when the worker fails).
   */
  checkpoint?: WalCheckpointOptions | false;
  /** Where the storage reports events such as the checkpoint fallback (default: JSON lines on stderr). */
  logger?: StorageLogger;
}

/** SQLite's default auto-checkpoint threshold, in WAL pages: the serving connection's fallback. */
const AUTOCHECKPOINT_PAGES = 1000;
/** The WAL file is cut back to this size when SQLite restarts it after a full checkpoint. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/** A write waiting for the next group commit. */
interface QueuedWrite {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class SqliteStorage implements SyncStorage {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private queued: QueuedWrite[] = [];
  private flushScheduled = false;
  private readonly checkpointer: WalCheckpointer | null = null;
  private closing: Promise<void> | null = null;

  constructor(options: SqliteStorageOptions) {
    this.db = new Database(options.filename);
    const journal = this.db.pragma('journal_mode = WAL', { simple: true });
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    // An in-memory database has no WAL and no file another connection could open.
    if (journal === 'wal' && options.checkpoint !== false) {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer(
        options.filename,
        options.checkpoint ?? {},
        () => this.checkpointOnServingConnection(),
        options.logger ?? stderrLogger,
      );
    }
  }

  /** The fallback: SQLite's own auto-checkpoint, run inside commits on this connection. */
  private checkpointOnServingConnection(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }

  /** Where WAL checkpoints run now, once the worker has started or the fallback is in place. */
  async checkpointMode(): Promise<CheckpointMode> {
    if (this.checkpointer === null) return this.closing === null ? 'main-thread' : 'stopped';
    await this.checkpointer.ready();
    return this.checkpointer.mode;
  }

  /** Runs a checkpoint in the worker now (tests, diagnostics); rejects when no worker runs. */
  checkpointNow(): Promise<WalCheckpointStats> {
    if (this.checkpointer === null) return Promise.reject(new Error('No checkpoint worker'));
    return this.checkpointer.checkpointNow();
  }

  /** The serving connection's `wal_autocheckpoint`, in pages (0: it never checkpoints by itself). */
  autocheckpointPages(): number {
    return this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  }

  /** The prepared statement for `sql`, prepared once per connection. */
  private sql(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs `work` in the next group commit; resolves once that commit is durable. */
  private write<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued write in one `BEGIN IMMEDIATE` transaction, each in its own savepoint. */
  private flush(): void {
    this.flushScheduled = false;
    const writes = this.queued;
    this.queued = [];
    if (writes.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      if (!this.db.open) throw new Error('The sync store is closed');
      this.db
        .transaction(() => {
          for (const { work } of writes) {
            try {
              // A nested better-sqlite3 transaction is a savepoint: a throw rolls back this write only.
              outcomes.push({ ok: true, value: this.db.transaction(work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // Nothing of the group was committed.
      for (const { reject } of writes) reject(error);
      return;
    }
    writes.forEach(({ resolve, reject }, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) resolve(outcome.value);
      else reject(outcome ? outcome.error : new Error('The write did not run'));
    });
  }

  async migrate(): Promise<void> {
    const run = this.db.transaction(() => {
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
      );
      const row = this.db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as {
        v: number;
      };
      for (let version = row.v + 1; version <= SQLITE_MIGRATIONS.length; version++) {
        this.db.exec(SQLITE_MIGRATIONS[version - 1] ?? '');
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
      }
    });
    run.immediate();
    // Statements prepared before a schema change would be re-prepared by SQLite anyway; start clean.
    this.statements.clear();
  }

  // --- devices ------------------------------------------------------------------

  private device(id: string): DeviceRecord | null {
    const row = this.sql('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
    return row ? deviceFromRow(row) : null;
  }

  /** Inserts an active device (its facility must exist or be created by the caller first). */
  private insertDevice(device: NewDevice): DeviceRecord {
    this.sql(
      `INSERT INTO devices (id, facility_id, kind, public_key, box_public_key, status, enrolled_at)
       VALUES (?, ?, ?, ?, ?, 'active', ?)`,
    ).run(device.id, device.facilityId, device.kind, device.publicKey, device.boxPublicKey, device.enrolledAt);
    return newDeviceRecord(device);
  }

  /** Revokes devices by a WHERE clause and drops what they no longer need: their envelopes and open codes. */
  private revokeWhere(where: string, params: unknown[], at: number): number {
    const ids = this.sql(`SELECT id FROM devices WHERE status = 'active' AND ${where}`).all(...params) as {
      id: string;
    }[];
    for (const { id } of ids) {
      this.sql(`UPDATE devices SET status = 'revoked', revoked_at = ? WHERE id = ?`).run(at, id);
      this.sql('DELETE FROM key_envelopes WHERE device_id = ?').run(id);
      this.sql('DELETE FROM enrollments WHERE created_by = ? AND redeemed_by IS NULL').run(id);
    }
    return ids.length;
  }

  registerDevice(device: NewDevice): Promise<RegisterResult> {
    return this.write((): RegisterResult => {
      const existing = this.device(device.id);
      if (existing) return { kind: 'exists', device: existing };
      this.sql('INSERT INTO facilities (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING').run(
        device.facilityId,
        device.enrolledAt,
      );
      return { kind: 'created', device: this.insertDevice(device) };
    });
  }

  setBoxPublicKey(id: string, boxPublicKey: Buffer): Promise<DeviceRecord | null> {
    return this.write(() => {
      this.sql('UPDATE devices SET box_public_key = ? WHERE id = ? AND box_public_key IS NULL').run(boxPublicKey, id);
      return this.device(id);
    });
  }

  async getDevice(id: string): Promise<DeviceRecord | null> {
    return this.device(id);
  }

  async listDevices(facilityId: string): Promise<DeviceRecord[]> {
    const rows = this.sql('SELECT * FROM devices WHERE facility_id = ? ORDER BY enrolled_at, id').all(
      facilityId,
    ) as DeviceRow[];
    return rows.map(deviceFromRow);
  }

  revokeDevice(id: string, at: number): Promise<DeviceRecord | null> {
    return this.write(() => {
      this.revokeWhere('id = ?', [id], at);
      return this.device(id);
    });
  }

  useNonces(uses: readonly NonceUse[]): Promise<boolean[]> {
    return this.write(() => {
      const insert = this.sql('INSERT INTO nonces (device_id, nonce, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
      // In list order: a nonce repeated within the list conflicts with its first use.
      return uses.map((use) => insert.run(use.deviceId, use.nonce, use.seenAt).changes === 1);
    });
  }

  async forgetNonces(before: number): Promise<void> {
    await this.write(() => this.sql('DELETE FROM nonces WHERE seen_at < ?').run(before));
  }

  // --- batches ------------------------------------------------------------------

  appendBatch(batch: NewBatch): Promise<AppendResult> {
    return this.write((): AppendResult => {
      const device = this.device(batch.deviceId);
      if (
        !device ||
        device.status !== 'active' ||
        device.kind !== 'workstation' ||
        device.facilityId !== batch.facilityId
      ) {
        return { kind: 'device-inactive' };
      }
      const last = this.sql('SELECT coalesce(max(sequence), 0) AS s FROM batches WHERE device_id = ?').get(
        batch.deviceId,
      ) as { s: number };
      if (batch.sequence <= last.s) {
        const stored = this.sql(
          'SELECT cursor, header, ciphertext, signature FROM batches WHERE device_id = ? AND sequence = ?',
        ).get(batch.deviceId, batch.sequence) as StoredBatchRow | undefined;
        // Sequences are gapless, so every sequence up to the last is stored.
        if (stored) return judgeRepush(stored, batch);
      }
      if (batch.sequence !== last.s + 1) return { kind: 'gap', expectedSequence: last.s + 1 };
      const { cursor } = this.sql(
        'UPDATE facilities SET last_cursor = last_cursor + 1 WHERE id = ? RETURNING last_cursor AS cursor',
      ).get(batch.facilityId) as { cursor: number };
      this.sql(
        `INSERT INTO batches (facility_id, cursor, device_id, sequence, header, ciphertext, signature, received_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...batchRowValues(batch, cursor));
      return { kind: 'stored', cursor };
    });
  }

  async listBatches(facilityId: string, after: number, limit: number): Promise<BatchRow[]> {
    // One indexed range read on the (facility_id, cursor) primary key for the whole page.
    const rows = this.sql(
      `SELECT cursor, header, ciphertext, signature FROM batches
       WHERE facility_id = ? AND cursor > ? ORDER BY cursor LIMIT ?`,
    ).all(facilityId, after, limit) as StoredBatchRow[];
    return rows.map(batchFromRow);
  }

  // --- sealed keys, enrollment, recovery ----------------------------------------

  private activeWorkstationOf(id: string, facilityId: string): boolean {
    const d = this.device(id);
    return d !== null && d.status === 'active' && d.kind === 'workstation' && d.facilityId === facilityId;
  }

  putEnvelopes(put: PutEnvelopes): Promise<PutEnvelopesResult> {
    return this.write((): PutEnvelopesResult => {
      if (!this.activeWorkstationOf(put.sealedBy, put.facilityId)) return { kind: 'caller-inactive' };
      // Check every recipient before writing anything: the upload is all or nothing.
      for (const { deviceId } of put.envelopes) {
        const d = this.device(deviceId);
        if (!d || d.facilityId !== put.facilityId) return { kind: 'not-in-facility', deviceId };
        if (d.status !== 'active') return { kind: 'revoked', deviceId };
        if (d.boxPublicKey === null) return { kind: 'no-box-key', deviceId };
      }
      const upsert = this.sql(
        `INSERT INTO key_envelopes (device_id, facility_id, key_id, envelope, sealed_by, sealed_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (device_id) DO UPDATE SET key_id = excluded.key_id, envelope = excluded.envelope,
           sealed_by = excluded.sealed_by, sealed_at = excluded.sealed_at`,
      );
      for (const { deviceId, envelope } of put.envelopes) {
        upsert.run(deviceId, put.facilityId, put.keyId, envelope, put.sealedBy, put.at);
      }
      return { kind: 'stored', count: put.envelopes.length };
    });
  }

  async getEnvelope(deviceId: string): Promise<SealedEnvelope | null> {
    return this.envelope(deviceId);
  }

  private envelope(deviceId: string): SealedEnvelope | null {
    const row = this.sql('SELECT key_id, envelope FROM key_envelopes WHERE device_id = ?').get(deviceId) as
      { key_id: string; envelope: Buffer } | undefined;
    return row ? { keyId: row.key_id, envelope: row.envelope } : null;
  }

  /** Purges stale codes (see `SyncStorage.purgeEnrollments`), of one facility or, with null, of all. */
  private purgeStale(now: number, facilityId: string | null): EnrollmentPurgeResult {
    // `facility_id = coalesce(?, facility_id)`: one statement for both scopes (facility_id is NOT NULL).
    const deleted = this.sql(
      `DELETE FROM enrollments
       WHERE redeemed_by IS NULL AND expires_at < ? AND facility_id = coalesce(?, facility_id)`,
    ).run(now - ENROLLMENT_PURGE_GRACE_MS, facilityId);
    const dropped = this.sql(
      `UPDATE enrollments SET envelope = ?
       WHERE redeemed_by IS NOT NULL AND expires_at <= ? AND length(envelope) > 0
         AND facility_id = coalesce(?, facility_id)`,
    ).run(DROPPED_ENVELOPE, now, facilityId);
    return { codesDeleted: deleted.changes, envelopesDropped: dropped.changes };
  }

  purgeEnrollments(now: number): Promise<EnrollmentPurgeResult> {
    return this.write(() => this.purgeStale(now, null));
  }

  createEnrollment(e: NewEnrollment): Promise<CreateEnrollmentResult> {
    return this.write((): CreateEnrollmentResult => {
      if (!this.activeWorkstationOf(e.createdBy, e.facilityId)) return { kind: 'caller-inactive' };
      // A natural moment to forget the facility's stale codes: no timer, and the same transaction.
      this.purgeStale(e.createdAt, e.facilityId);
      const info = this.sql(
        `INSERT INTO enrollments (code_id, facility_id, created_by, key_id, envelope, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code_id) DO NOTHING`,
      ).run(e.codeId, e.facilityId, e.createdBy, e.keyId, e.envelope, e.createdAt, e.expiresAt);
      return info.changes === 1 ? { kind: 'created' } : { kind: 'exists' };
    });
  }

  redeemEnrollment(codeId: string, keys: Omit<NewDevice, 'facilityId' | 'kind'>): Promise<RedeemResult> {
    // Writes run one after another under BEGIN IMMEDIATE: concurrent redeems of one code are serialised.
    return this.write((): RedeemResult => {
      const row = this.sql(
        'SELECT facility_id, key_id, envelope, expires_at, redeemed_by FROM enrollments WHERE code_id = ?',
      ).get(codeId) as EnrollmentRow | undefined;
      const verdict = judgeRedemption(enrollmentFromRow(row), this.device(keys.id), keys);
      if (verdict.kind !== 'register') return verdict;
      const device = this.insertDevice(verdict.device);
      this.sql('UPDATE enrollments SET redeemed_by = ?, redeemed_at = ? WHERE code_id = ?').run(
        device.id,
        device.enrolledAt,
        codeId,
      );
      return { kind: 'redeemed', facilityId: device.facilityId, sealed: verdict.code.sealed, device, retry: false };
    });
  }

  registerRecovery(device: NewDevice, registeredBy: string): Promise<RegisterRecoveryResult> {
    return this.write((): RegisterRecoveryResult => {
      if (!this.activeWorkstationOf(registeredBy, device.facilityId)) return { kind: 'caller-inactive' };
      const existing = this.device(device.id);
      if (existing) return { kind: 'exists', device: existing };
      const revokedEarlier = this.revokeWhere(
        `facility_id = ? AND kind = 'recovery'`,
        [device.facilityId],
        device.enrolledAt,
      );
      return { kind: 'created', device: this.insertDevice(device), revokedEarlier };
    });
  }

  redeemRecovery(recoveryId: string, keys: Omit<NewDevice, 'facilityId' | 'kind'>): Promise<RedeemRecoveryResult> {
    return this.write((): RedeemRecoveryResult => {
      const recovery = this.device(recoveryId);
      if (!recovery || recovery.status !== 'active' || recovery.kind !== 'recovery') {
        return { kind: 'recovery-inactive' };
      }
      const sealed = this.envelope(recoveryId);
      if (!sealed) return { kind: 'no-envelope' };
      const device: NewDevice = { ...keys, facilityId: recovery.facilityId, kind: 'workstation' };
      const existing = this.device(device.id);
      if (existing) {
        return sameActiveDevice(existing, device)
          ? { kind: 'redeemed', device: existing, sealed, retry: true }
          : { kind: 'device-exists' };
      }
      return { kind: 'redeemed', device: this.insertDevice(device), sealed, retry: false };
    });
  }

  async counts(): Promise<StorageCounts> {
    const row = this.sql(
      `SELECT (SELECT count(*) FROM facilities) AS facilities,
              (SELECT count(*) FROM devices WHERE status = 'active') AS active,
              (SELECT count(*) FROM devices WHERE status = 'revoked') AS revoked,
              (SELECT count(*) FROM batches) AS batches`,
    ).get() as { facilities: number; active: number; revoked: number; batches: number };
    return {
      facilities: row.facilities,
      activeDevices: row.active,
      revokedDevices: row.revoked,
      batches: row.batches,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    // Writes already asked for are committed (and answered) before the file closes.
    if (this.db.open) this.flush();
    // The worker's last checkpoint empties the WAL; then it closes its connection.
    await this.checkpointer?.stop();
    // Writes asked for while the worker stopped; closing the last connection checkpoints what they added.
    if (this.db.open) this.flush();
    if (this.db.open) this.db.close();
  }
}
