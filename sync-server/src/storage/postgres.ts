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

/** Arbitrary constant for the migration advisory lock ("zahanati" in ASCII, truncated). */
const MIGRATION_LOCK_KEY = 0x7a6168616e;

/** Schema versions, applied in order; each entry upgrades the previous one. Exported for the upgrade test. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
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
  // 2: device kinds and box keys, sealed key envelopes, one-time enrollment codes.
  // Devices of version 1 become workstations without a box key until they register again.
  `
  ALTER TABLE devices ADD COLUMN kind TEXT NOT NULL DEFAULT 'workstation'
    CHECK (kind IN ('workstation', 'recovery'));
  ALTER TABLE devices ADD COLUMN box_public_key BYTEA
    CHECK (box_public_key IS NULL OR length(box_public_key) = 32);
  CREATE UNIQUE INDEX devices_one_active_recovery ON devices(facility_id)
    WHERE kind = 'recovery' AND status = 'active';
  CREATE TABLE key_envelopes (
    device_id TEXT PRIMARY KEY REFERENCES devices(id),
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    key_id TEXT NOT NULL,
    envelope BYTEA NOT NULL,
    sealed_by TEXT NOT NULL REFERENCES devices(id),
    sealed_at BIGINT NOT NULL
  );
  CREATE TABLE enrollments (
    code_id TEXT PRIMARY KEY,
    facility_id TEXT NOT NULL REFERENCES facilities(id),
    created_by TEXT NOT NULL REFERENCES devices(id),
    key_id TEXT NOT NULL,
    envelope BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    redeemed_by TEXT REFERENCES devices(id),
    redeemed_at BIGINT
  );
  CREATE INDEX enrollments_created_by ON enrollments(created_by);
  `,
];

/** The columns of `DeviceRow`, listed: a prepared `SELECT *` would break when a migration adds one. */
const DEVICE_COLUMNS = 'id, facility_id, kind, public_key, box_public_key, status, enrolled_at, revoked_at';

/** A named statement: prepared once per pooled connection, then only bound and executed. */
function named(name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name, text, values };
}

type Lock = '' | 'FOR SHARE' | 'FOR UPDATE';

async function deviceIn(c: pg.PoolClient, id: string, lock: Lock = ''): Promise<DeviceRecord | null> {
  const { rows } = await c.query<DeviceRow>(`SELECT * FROM devices WHERE id = $1 ${lock}`, [id]);
  return rows[0] ? deviceFromRow(rows[0]) : null;
}

/** Inserts an active device unless its id is taken (also by a transaction committing concurrently). */
async function insertDevice(c: pg.PoolClient, device: NewDevice): Promise<DeviceRecord | null> {
  const inserted = await c.query(
    `INSERT INTO devices (id, facility_id, kind, public_key, box_public_key, status, enrolled_at)
     VALUES ($1, $2, $3, $4, $5, 'active', $6) ON CONFLICT (id) DO NOTHING`,
    [device.id, device.facilityId, device.kind, device.publicKey, device.boxPublicKey, device.enrolledAt],
  );
  return inserted.rowCount === 1 ? newDeviceRecord(device) : null;
}

/** Revokes devices by a WHERE clause and drops what they no longer need: their envelopes and open codes. */
async function revokeWhere(c: pg.PoolClient, where: string, params: unknown[], at: number): Promise<number> {
  const { rows } = await c.query<{ id: string }>(
    `UPDATE devices SET status = 'revoked', revoked_at = $1 WHERE status = 'active' AND ${where} RETURNING id`,
    [at, ...params],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    await c.query('DELETE FROM key_envelopes WHERE device_id = ANY($1)', [ids]);
    await c.query('DELETE FROM enrollments WHERE created_by = ANY($1) AND redeemed_by IS NULL', [ids]);
  }
  return ids.length;
}

/** Locks the caller's row (so a concurrent revocation waits) and checks it is an active workstation there. */
async function activeWorkstationOf(c: pg.PoolClient, id: string, facilityId: string): Promise<boolean> {
  const d = await deviceIn(c, id, 'FOR SHARE');
  return d !== null && d.status === 'active' && d.kind === 'workstation' && d.facilityId === facilityId;
}

/** Purges stale codes (see `SyncStorage.purgeEnrollments`), of one facility or, with null, of all. */
async function purgeStale(c: pg.PoolClient, now: number, facilityId: string | null): Promise<EnrollmentPurgeResult> {
  // `facility_id = coalesce($n, facility_id)`: one statement for both scopes (facility_id is NOT NULL).
  const deleted = await c.query(
    `DELETE FROM enrollments
     WHERE redeemed_by IS NULL AND expires_at < $1 AND facility_id = coalesce($2::text, facility_id)`,
    [now - ENROLLMENT_PURGE_GRACE_MS, facilityId],
  );
  const dropped = await c.query(
    `UPDATE enrollments SET envelope = $1
     WHERE redeemed_by IS NOT NULL AND expires_at <= $2 AND length(envelope) > 0
       AND facility_id = coalesce($3::text, facility_id)`,
    [DROPPED_ENVELOPE, now, facilityId],
  );
  return { codesDeleted: deleted.rowCount ?? 0, envelopesDropped: dropped.rowCount ?? 0 };
}

/** Thrown inside a transaction to roll it back when a concurrent registration took the id. */
class IdTakenMeanwhile extends Error {}

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
      for (let version = (rows[0]?.v ?? 0) + 1; version <= POSTGRES_MIGRATIONS.length; version++) {
        await c.query(POSTGRES_MIGRATIONS[version - 1] ?? '');
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
      const inserted = await insertDevice(c, device);
      if (inserted) return { kind: 'created', device: inserted } as const;
      const existing = await deviceIn(c, device.id);
      if (!existing) throw new Error('Device vanished during registration');
      return { kind: 'exists', device: existing } as const;
    });
  }

  async setBoxPublicKey(id: string, boxPublicKey: Buffer): Promise<DeviceRecord | null> {
    return this.inTransaction(async (c) => {
      await c.query('UPDATE devices SET box_public_key = $1 WHERE id = $2 AND box_public_key IS NULL', [
        boxPublicKey,
        id,
      ]);
      return deviceIn(c, id);
    });
  }

  async getDevice(id: string): Promise<DeviceRecord | null> {
    const { rows } = await this.pool.query<DeviceRow>(
      named('get-device', `SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = $1`, [id]),
    );
    return rows[0] ? deviceFromRow(rows[0]) : null;
  }

  async listDevices(facilityId: string): Promise<DeviceRecord[]> {
    const { rows } = await this.pool.query<DeviceRow>(
      'SELECT * FROM devices WHERE facility_id = $1 ORDER BY enrolled_at, id',
      [facilityId],
    );
    return rows.map(deviceFromRow);
  }

  async revokeDevice(id: string, at: number): Promise<DeviceRecord | null> {
    return this.inTransaction(async (c) => {
      await revokeWhere(c, 'id = $2', [id], at);
      return deviceIn(c, id);
    });
  }

  async useNonces(uses: readonly NonceUse[]): Promise<boolean[]> {
    // A nonce repeated within the list is a replay of its first use; only first uses reach the database.
    const firstUse = new Map<string, number>();
    const verdicts = uses.map((use, index) => {
      const key = `${use.deviceId}\n${use.nonce}`;
      if (firstUse.has(key)) return false;
      firstUse.set(key, index);
      return true;
    });
    const unique = [...firstUse.values()].map((index) => uses[index] as NonceUse);
    if (unique.length === 0) return verdicts;
    // One statement, one commit, for every nonce of the group; RETURNING names the fresh ones.
    const { rows } = await this.pool.query<{ device_id: string; nonce: string }>(
      named(
        'use-nonces',
        `INSERT INTO nonces (device_id, nonce, seen_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
         ON CONFLICT DO NOTHING RETURNING device_id, nonce`,
        [unique.map((u) => u.deviceId), unique.map((u) => u.nonce), unique.map((u) => u.seenAt)],
      ),
    );
    const fresh = new Set(rows.map((r) => `${r.device_id}\n${r.nonce}`));
    for (const [key, index] of firstUse) verdicts[index] = fresh.has(key);
    return verdicts;
  }

  async forgetNonces(before: number): Promise<void> {
    await this.pool.query(named('forget-nonces', 'DELETE FROM nonces WHERE seen_at < $1', [before]));
  }

  async appendBatch(batch: NewBatch): Promise<AppendResult> {
    return this.inTransaction(async (c): Promise<AppendResult> => {
      // The facility row lock serialises every append of the facility across instances. It is a
      // statement of its own: the next one then reads with a snapshot taken after the lock, so it
      // sees every batch committed before us (one statement would read batches as of before the wait).
      const facility = await c.query<{ last_cursor: string }>(
        named('append-lock', 'SELECT last_cursor FROM facilities WHERE id = $1 FOR UPDATE', [batch.facilityId]),
      );
      const facilityRow = facility.rows[0];
      if (!facilityRow) return { kind: 'device-inactive' };
      const device = await c.query<{ status: string; kind: string; facility_id: string; last_sequence: string }>(
        named(
          'append-device',
          `SELECT status, kind, facility_id,
             (SELECT coalesce(max(sequence), 0) FROM batches WHERE device_id = $1) AS last_sequence
           FROM devices WHERE id = $1`,
          [batch.deviceId],
        ),
      );
      const deviceRow = device.rows[0];
      if (
        !deviceRow ||
        deviceRow.status !== 'active' ||
        deviceRow.kind !== 'workstation' ||
        deviceRow.facility_id !== batch.facilityId
      ) {
        return { kind: 'device-inactive' };
      }
      const lastSequence = Number(deviceRow.last_sequence);
      if (batch.sequence <= lastSequence) {
        const stored = await c.query<StoredBatchRow>(
          named(
            'append-stored',
            'SELECT cursor, header, ciphertext, signature FROM batches WHERE device_id = $1 AND sequence = $2',
            [batch.deviceId, batch.sequence],
          ),
        );
        // Sequences are gapless, so every sequence up to the last is stored.
        if (stored.rows[0]) return judgeRepush(stored.rows[0], batch);
      }
      if (batch.sequence !== lastSequence + 1) return { kind: 'gap', expectedSequence: lastSequence + 1 };
      const cursor = Number(facilityRow.last_cursor) + 1;
      await c.query(
        named(
          'append-insert',
          `WITH advanced AS (UPDATE facilities SET last_cursor = $2 WHERE id = $1)
           INSERT INTO batches (facility_id, cursor, device_id, sequence, header, ciphertext, signature, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          batchRowValues(batch, cursor),
        ),
      );
      return { kind: 'stored', cursor };
    });
  }

  async listBatches(facilityId: string, after: number, limit: number): Promise<BatchRow[]> {
    // One indexed range read on the (facility_id, cursor) primary key for the whole page.
    const { rows } = await this.pool.query<StoredBatchRow>(
      named(
        'list-batches',
        `SELECT cursor, header, ciphertext, signature FROM batches
         WHERE facility_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3`,
        [facilityId, after, limit],
      ),
    );
    return rows.map(batchFromRow);
  }

  async putEnvelopes(put: PutEnvelopes): Promise<PutEnvelopesResult> {
    return this.inTransaction(async (c): Promise<PutEnvelopesResult> => {
      if (!(await activeWorkstationOf(c, put.sealedBy, put.facilityId))) return { kind: 'caller-inactive' };
      const ids = put.envelopes.map((e) => e.deviceId);
      // FOR SHARE: a revocation of a recipient waits until this upload is committed (and then deletes it).
      const { rows } = await c.query<DeviceRow>('SELECT * FROM devices WHERE id = ANY($1) ORDER BY id FOR SHARE', [
        ids,
      ]);
      const byId = new Map(rows.map((r) => [r.id, deviceFromRow(r)]));
      // Check every recipient before writing anything: the upload is all or nothing.
      for (const deviceId of ids) {
        const d = byId.get(deviceId);
        if (!d || d.facilityId !== put.facilityId) return { kind: 'not-in-facility', deviceId };
        if (d.status !== 'active') return { kind: 'revoked', deviceId };
        if (d.boxPublicKey === null) return { kind: 'no-box-key', deviceId };
      }
      await c.query(
        `INSERT INTO key_envelopes (device_id, facility_id, key_id, envelope, sealed_by, sealed_at)
         SELECT t.device_id, $3, $4, t.envelope, $5, $6 FROM unnest($1::text[], $2::bytea[]) AS t(device_id, envelope)
         ON CONFLICT (device_id) DO UPDATE SET key_id = excluded.key_id, envelope = excluded.envelope,
           sealed_by = excluded.sealed_by, sealed_at = excluded.sealed_at`,
        [ids, put.envelopes.map((e) => e.envelope), put.facilityId, put.keyId, put.sealedBy, put.at],
      );
      return { kind: 'stored', count: ids.length };
    });
  }

  async getEnvelope(deviceId: string): Promise<SealedEnvelope | null> {
    const { rows } = await this.pool.query<{ key_id: string; envelope: Buffer }>(
      'SELECT key_id, envelope FROM key_envelopes WHERE device_id = $1',
      [deviceId],
    );
    return rows[0] ? { keyId: rows[0].key_id, envelope: rows[0].envelope } : null;
  }

  async purgeEnrollments(now: number): Promise<EnrollmentPurgeResult> {
    return this.inTransaction((c) => purgeStale(c, now, null));
  }

  async createEnrollment(e: NewEnrollment): Promise<CreateEnrollmentResult> {
    return this.inTransaction(async (c): Promise<CreateEnrollmentResult> => {
      if (!(await activeWorkstationOf(c, e.createdBy, e.facilityId))) return { kind: 'caller-inactive' };
      // A natural moment to forget the facility's stale codes: no timer, and the same transaction.
      await purgeStale(c, e.createdAt, e.facilityId);
      const inserted = await c.query(
        `INSERT INTO enrollments (code_id, facility_id, created_by, key_id, envelope, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code_id) DO NOTHING`,
        [e.codeId, e.facilityId, e.createdBy, e.keyId, e.envelope, e.createdAt, e.expiresAt],
      );
      return inserted.rowCount === 1 ? { kind: 'created' } : { kind: 'exists' };
    });
  }

  async redeemEnrollment(codeId: string, keys: Omit<NewDevice, 'facilityId' | 'kind'>): Promise<RedeemResult> {
    return this.inTransaction(async (c): Promise<RedeemResult> => {
      // The row lock makes concurrent redeems of one code, on any instance, take turns: the
      // second reads the first one's committed redemption and is told the code was used.
      const { rows } = await c.query<EnrollmentRow>(
        'SELECT facility_id, key_id, envelope, expires_at, redeemed_by FROM enrollments WHERE code_id = $1 FOR UPDATE',
        [codeId],
      );
      const verdict = judgeRedemption(enrollmentFromRow(rows[0]), await deviceIn(c, keys.id), keys);
      if (verdict.kind !== 'register') return verdict;
      const device = await insertDevice(c, verdict.device);
      // Taken meanwhile by a registration that committed after our read: the code stays unspent.
      if (!device) return { kind: 'device-exists' };
      await c.query('UPDATE enrollments SET redeemed_by = $1, redeemed_at = $2 WHERE code_id = $3', [
        device.id,
        device.enrolledAt,
        codeId,
      ]);
      return { kind: 'redeemed', facilityId: device.facilityId, sealed: verdict.code.sealed, device, retry: false };
    });
  }

  async registerRecovery(device: NewDevice, registeredBy: string): Promise<RegisterRecoveryResult> {
    return this.inTransaction(async (c): Promise<RegisterRecoveryResult> => {
      // The facility row lock serialises recovery registrations of the facility, so at most one stays active.
      await c.query('SELECT 1 FROM facilities WHERE id = $1 FOR UPDATE', [device.facilityId]);
      if (!(await activeWorkstationOf(c, registeredBy, device.facilityId))) return { kind: 'caller-inactive' };
      const existing = await deviceIn(c, device.id);
      if (existing) return { kind: 'exists', device: existing };
      const revokedEarlier = await revokeWhere(
        c,
        `facility_id = $2 AND kind = 'recovery'`,
        [device.facilityId],
        device.enrolledAt,
      );
      const inserted = await insertDevice(c, device);
      if (!inserted) {
        // Registered concurrently under this id: undo the revocations and report what is there.
        throw new IdTakenMeanwhile();
      }
      return { kind: 'created', device: inserted, revokedEarlier };
    }).catch(async (error: unknown) => {
      if (!(error instanceof IdTakenMeanwhile)) throw error;
      const existing = await this.getDevice(device.id);
      if (!existing) throw new Error('Device vanished during registration');
      return { kind: 'exists', device: existing } as const;
    });
  }

  async redeemRecovery(
    recoveryId: string,
    keys: Omit<NewDevice, 'facilityId' | 'kind'>,
  ): Promise<RedeemRecoveryResult> {
    return this.inTransaction(async (c): Promise<RedeemRecoveryResult> => {
      const recovery = await deviceIn(c, recoveryId, 'FOR SHARE');
      if (!recovery || recovery.status !== 'active' || recovery.kind !== 'recovery') {
        return { kind: 'recovery-inactive' };
      }
      const envelope = await c.query<{ key_id: string; envelope: Buffer }>(
        'SELECT key_id, envelope FROM key_envelopes WHERE device_id = $1',
        [recoveryId],
      );
      const row = envelope.rows[0];
      if (!row) return { kind: 'no-envelope' };
      const sealed = { keyId: row.key_id, envelope: row.envelope };
      const device: NewDevice = { ...keys, facilityId: recovery.facilityId, kind: 'workstation' };
      const inserted = await insertDevice(c, device);
      if (inserted) return { kind: 'redeemed', device: inserted, sealed, retry: false };
      const existing = await deviceIn(c, device.id);
      return existing && sameActiveDevice(existing, device)
        ? { kind: 'redeemed', device: existing, sealed, retry: true }
        : { kind: 'device-exists' };
    });
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
