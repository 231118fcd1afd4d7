/**
 * The embedded default: one SQLite file through better-sqlite3. Every append runs
 * in a `BEGIN IMMEDIATE` transaction, so cursors stay gapless even with several
 * connections (or processes) on one file.
 */
import Database from 'better-sqlite3';
import {
  type AppendResult,
  type BatchRow,
  type DeviceRecord,
  type NewBatch,
  type NewDevice,
  type RegisterResult,
  type StorageCounts,
  type SyncStorage,
  sameBatch,
} from './storage';

const MIGRATIONS: readonly string[] = [
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
];

interface DeviceRow {
  id: string;
  facility_id: string;
  public_key: Buffer;
  status: 'active' | 'revoked';
  enrolled_at: number;
  revoked_at: number | null;
}

function toDevice(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    facilityId: row.facility_id,
    publicKey: row.public_key,
    status: row.status,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
  };
}

export interface SqliteStorageOptions {
  /** Path of the database file (created when missing); ':memory:' for a throwaway store. */
  filename: string;
}

export class SqliteStorage implements SyncStorage {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;

  constructor(options: SqliteStorageOptions) {
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  async migrate(): Promise<void> {
    const run = this.db.transaction(() => {
      this.db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
      );
      const row = this.db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as {
        v: number;
      };
      for (let version = row.v + 1; version <= MIGRATIONS.length; version++) {
        this.db.exec(MIGRATIONS[version - 1] ?? '');
        this.db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(version, Date.now());
      }
    });
    run.immediate();
  }

  async registerDevice(device: NewDevice): Promise<RegisterResult> {
    const run = this.db.transaction((): RegisterResult => {
      const existing = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(device.id) as DeviceRow | undefined;
      if (existing) return { kind: 'exists', device: toDevice(existing) };
      this.db
        .prepare('INSERT INTO facilities (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING')
        .run(device.facilityId, device.enrolledAt);
      this.db
        .prepare(`INSERT INTO devices (id, facility_id, public_key, status, enrolled_at) VALUES (?, ?, ?, 'active', ?)`)
        .run(device.id, device.facilityId, device.publicKey, device.enrolledAt);
      return {
        kind: 'created',
        device: { ...device, status: 'active', revokedAt: null },
      };
    });
    return run.immediate();
  }

  async getDevice(id: string): Promise<DeviceRecord | null> {
    const row = this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
    return row ? toDevice(row) : null;
  }

  async revokeDevice(id: string, at: number): Promise<DeviceRecord | null> {
    const run = this.db.transaction(() => {
      this.db
        .prepare(`UPDATE devices SET status = 'revoked', revoked_at = ? WHERE id = ? AND status = 'active'`)
        .run(at, id);
      return this.db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
    });
    const row = run.immediate();
    return row ? toDevice(row) : null;
  }

  async useNonce(deviceId: string, nonce: string, seenAt: number, forgetBefore: number): Promise<boolean> {
    const run = this.db.transaction(() => {
      this.db.prepare('DELETE FROM nonces WHERE seen_at < ?').run(forgetBefore);
      const info = this.db
        .prepare('INSERT INTO nonces (device_id, nonce, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(deviceId, nonce, seenAt);
      return info.changes === 1;
    });
    return run.immediate();
  }

  async appendBatch(batch: NewBatch): Promise<AppendResult> {
    const run = this.db.transaction((): AppendResult => {
      const device = this.db.prepare('SELECT status, facility_id FROM devices WHERE id = ?').get(batch.deviceId) as
        { status: string; facility_id: string } | undefined;
      if (!device || device.status !== 'active' || device.facility_id !== batch.facilityId) {
        return { kind: 'device-inactive' };
      }
      const existing = this.db
        .prepare('SELECT cursor, header, ciphertext, signature FROM batches WHERE device_id = ? AND sequence = ?')
        .get(batch.deviceId, batch.sequence) as
        { cursor: number; header: string; ciphertext: Buffer; signature: Buffer } | undefined;
      if (existing) {
        const same = sameBatch({ headerJson: existing.header, ...existing }, batch);
        return { kind: same ? 'duplicate' : 'conflict', cursor: existing.cursor };
      }
      const last = this.db
        .prepare('SELECT coalesce(max(sequence), 0) AS s FROM batches WHERE device_id = ?')
        .get(batch.deviceId) as { s: number };
      if (batch.sequence !== last.s + 1) return { kind: 'gap', expectedSequence: last.s + 1 };
      const { cursor } = this.db
        .prepare('UPDATE facilities SET last_cursor = last_cursor + 1 WHERE id = ? RETURNING last_cursor AS cursor')
        .get(batch.facilityId) as { cursor: number };
      this.db
        .prepare(
          `INSERT INTO batches (facility_id, cursor, device_id, sequence, header, ciphertext, signature, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          batch.facilityId,
          cursor,
          batch.deviceId,
          batch.sequence,
          batch.headerJson,
          batch.ciphertext,
          batch.signature,
          batch.receivedAt,
        );
      return { kind: 'stored', cursor };
    });
    return run.immediate();
  }

  async listBatches(facilityId: string, after: number, limit: number): Promise<BatchRow[]> {
    const rows = this.db
      .prepare(
        `SELECT cursor, header, ciphertext, signature FROM batches
         WHERE facility_id = ? AND cursor > ? ORDER BY cursor LIMIT ?`,
      )
      .all(facilityId, after, limit) as { cursor: number; header: string; ciphertext: Buffer; signature: Buffer }[];
    return rows.map((r) => ({
      cursor: r.cursor,
      headerJson: r.header,
      ciphertext: r.ciphertext,
      signature: r.signature,
    }));
  }

  async counts(): Promise<StorageCounts> {
    const row = this.db
      .prepare(
        `SELECT (SELECT count(*) FROM facilities) AS facilities,
                (SELECT count(*) FROM devices WHERE status = 'active') AS active,
                (SELECT count(*) FROM devices WHERE status = 'revoked') AS revoked,
                (SELECT count(*) FROM batches) AS batches`,
      )
      .get() as { facilities: number; active: number; revoked: number; batches: number };
    return {
      facilities: row.facilities,
      activeDevices: row.active,
      revokedDevices: row.revoked,
      batches: row.batches,
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
