/**
 * The scale option: PostgreSQL through a pg Pool. Several server instances may
 * share one database. An append locks its facility's row (`SELECT … FOR UPDATE`)
 * before anything else, so per-facility cursors are handed out gaplessly and in
 * commit order: a puller never skips a batch that commits late with a lower cursor.
 */
import pg from 'pg';
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

/** Arbitrary constant for the migration advisory lock ("zahanati" in ASCII, truncated). */
const MIGRATION_LOCK_KEY = 0x7a6168616e;

const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE facilities (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    last_cursor BIGINT NOT NULL DEFAULT 0
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    public_key BYTEA NOT NULL CHECK (length(public_key) = 32),
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    enrolled_at BIGINT NOT NULL,
    revoked_at BIGINT
  );
  CREATE INDEX devices_facility ON devices(facility_id);
  CREATE TABLE batches (
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    cursor BIGINT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices(id),
    sequence BIGINT NOT NULL,
    header TEXT NOT NULL,
    ciphertext BYTEA NOT NULL,
    signature BYTEA NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (facility_id, cursor),
    UNIQUE (device_id, sequence)
  );
  CREATE TABLE nonces (
    device_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (device_id, nonce)
  );
  CREATE INDEX nonces_seen_at ON nonces(seen_at);
  `,
];

interface DeviceRow {
  id: string;
  facility_id: string;
  public_key: Buffer;
  status: 'active' | 'revoked';
  enrolled_at: string;
  revoked_at: string | null;
}

function toDevice(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    facilityId: row.facility_id,
    publicKey: row.public_key,
    status: row.status,
    enrolledAt: Number(row.enrolled_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

export interface PostgresStorageOptions {
  /** A pg Pool the storage takes ownership of (closed by `close()`), or connection settings for a new one. */
  pool: pg.Pool | pg.PoolConfig;
}

export class PostgresStorage implements SyncStorage {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;

  constructor(options: PostgresStorageOptions) {
    this.pool = options.pool instanceof pg.Pool ? options.pool : new pg.Pool(options.pool);
    // An idle client losing its connection must not crash the server; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await this.inTransaction(async (c) => {
      // Instances starting together take turns; the second finds the work done.
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await c.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)',
      );
      const { rows } = await c.query<{ v: number }>(
        'SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations',
      );
      for (let version = (rows[0]?.v ?? 0) + 1; version <= MIGRATIONS.length; version++) {
        await c.query(MIGRATIONS[version - 1] ?? '');
        await c.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version, Date.now()]);
      }
    });
  }

  async registerDevice(device: NewDevice): Promise<RegisterResult> {
    return this.inTransaction(async (c) => {
      await c.query('INSERT INTO facilities (id, created_at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
        device.facilityId,
        device.enrolledAt,
      ]);
      const inserted = await c.query(
        `INSERT INTO devices (id, facility_id, public_key, status, enrolled_at)
         VALUES ($1, $2, $3, 'active', $4) ON CONFLICT (id) DO NOTHING`,
        [device.id, device.facilityId, device.publicKey, device.enrolledAt],
      );
      if (inserted.rowCount === 1) {
        return { kind: 'created', device: { ...device, status: 'active', revokedAt: null } } as const;
      }
      const { rows } = await c.query<DeviceRow>('SELECT * FROM devices WHERE id = $1', [device.id]);
      const row = rows[0];
      if (!row) throw new Error('Device vanished during registration');
      return { kind: 'exists', device: toDevice(row) } as const;
    });
  }

  async getDevice(id: string): Promise<DeviceRecord | null> {
    const { rows } = await this.pool.query<DeviceRow>('SELECT * FROM devices WHERE id = $1', [id]);
    return rows[0] ? toDevice(rows[0]) : null;
  }

  async revokeDevice(id: string, at: number): Promise<DeviceRecord | null> {
    return this.inTransaction(async (c) => {
      await c.query(`UPDATE devices SET status = 'revoked', revoked_at = $1 WHERE id = $2 AND status = 'active'`, [
        at,
        id,
      ]);
      const { rows } = await c.query<DeviceRow>('SELECT * FROM devices WHERE id = $1', [id]);
      return rows[0] ? toDevice(rows[0]) : null;
    });
  }

  async useNonce(deviceId: string, nonce: string, seenAt: number, forgetBefore: number): Promise<boolean> {
    // Pruning is a separate statement: a failed prune must never turn into an accepted replay.
    await this.pool.query('DELETE FROM nonces WHERE seen_at < $1', [forgetBefore]);
    const result = await this.pool.query(
      'INSERT INTO nonces (device_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [deviceId, nonce, seenAt],
    );
    return result.rowCount === 1;
  }

  async appendBatch(batch: NewBatch): Promise<AppendResult> {
    return this.inTransaction(async (c): Promise<AppendResult> => {
      // The facility row lock serialises every append of the facility across instances.
      const facility = await c.query<{ last_cursor: string }>(
        'SELECT last_cursor FROM facilities WHERE id = $1 FOR UPDATE',
        [batch.facilityId],
      );
      const facilityRow = facility.rows[0];
      if (!facilityRow) return { kind: 'device-inactive' };
      const device = await c.query<{ status: string; facility_id: string }>(
        'SELECT status, facility_id FROM devices WHERE id = $1',
        [batch.deviceId],
      );
      const deviceRow = device.rows[0];
      if (!deviceRow || deviceRow.status !== 'active' || deviceRow.facility_id !== batch.facilityId) {
        return { kind: 'device-inactive' };
      }
      const existing = await c.query<{ cursor: string; header: string; ciphertext: Buffer; signature: Buffer }>(
        'SELECT cursor, header, ciphertext, signature FROM batches WHERE device_id = $1 AND sequence = $2',
        [batch.deviceId, batch.sequence],
      );
      const existingRow = existing.rows[0];
      if (existingRow) {
        const same = sameBatch({ headerJson: existingRow.header, ...existingRow }, batch);
        return { kind: same ? 'duplicate' : 'conflict', cursor: Number(existingRow.cursor) };
      }
      const last = await c.query<{ s: string }>(
        'SELECT coalesce(max(sequence), 0) AS s FROM batches WHERE device_id = $1',
        [batch.deviceId],
      );
      const expected = Number(last.rows[0]?.s ?? 0) + 1;
      if (batch.sequence !== expected) return { kind: 'gap', expectedSequence: expected };
      const cursor = Number(facilityRow.last_cursor) + 1;
      await c.query('UPDATE facilities SET last_cursor = $1 WHERE id = $2', [cursor, batch.facilityId]);
      await c.query(
        `INSERT INTO batches (facility_id, cursor, device_id, sequence, header, ciphertext, signature, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          batch.facilityId,
          cursor,
          batch.deviceId,
          batch.sequence,
          batch.headerJson,
          batch.ciphertext,
          batch.signature,
          batch.receivedAt,
        ],
      );
      return { kind: 'stored', cursor };
    });
  }

  async listBatches(facilityId: string, after: number, limit: number): Promise<BatchRow[]> {
    const { rows } = await this.pool.query<{ cursor: string; header: string; ciphertext: Buffer; signature: Buffer }>(
      `SELECT cursor, header, ciphertext, signature FROM batches
       WHERE facility_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3`,
      [facilityId, after, limit],
    );
    return rows.map((r) => ({
      cursor: Number(r.cursor),
      headerJson: r.header,
      ciphertext: r.ciphertext,
      signature: r.signature,
    }));
  }

  async counts(): Promise<StorageCounts> {
    const { rows } = await this.pool.query<{ facilities: string; active: string; revoked: string; batches: string }>(
      `SELECT (SELECT count(*) FROM facilities) AS facilities,
              (SELECT count(*) FROM devices WHERE status = 'active') AS active,
              (SELECT count(*) FROM devices WHERE status = 'revoked') AS revoked,
              (SELECT count(*) FROM batches) AS batches`,
    );
    const row = rows[0];
    return {
      facilities: Number(row?.facilities ?? 0),
      activeDevices: Number(row?.active ?? 0),
      revokedDevices: Number(row?.revoked ?? 0),
      batches: Number(row?.batches ?? 0),
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
