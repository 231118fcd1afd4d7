/**
 * What the sync server stores, behind one interface with two adapters: SQLite
 * through better-sqlite3 (the embedded default) and PostgreSQL through pg.
 *
 * Everything stored is either routing metadata (facility, device, sequence,
 * cursor, the plaintext batch header, key ids, public keys, the SHA-256 id of an
 * enrollment code) or opaque bytes the server cannot read (batch ciphertext,
 * signatures, sealed key envelopes). Times are milliseconds since the epoch.
 */
import { type DeviceKind, type DeviceStatus } from '../../../shared/sync/wire';

export interface DeviceRecord {
  id: string;
  facilityId: string;
  kind: DeviceKind;
  /** Raw Ed25519 public key, 32 bytes. */
  publicKey: Buffer;
  /**
   * Raw X25519 public key, 32 bytes. Null only for a device registered before the server knew box
   * keys (schema version 1); it gets one when it registers again with the same signing key.
   */
  boxPublicKey: Buffer | null;
  status: DeviceStatus;
  enrolledAt: number;
  revokedAt: number | null;
}

export interface NewDevice {
  id: string;
  facilityId: string;
  kind: DeviceKind;
  publicKey: Buffer;
  boxPublicKey: Buffer;
  enrolledAt: number;
}

export type RegisterResult =
  | { kind: 'created'; device: DeviceRecord }
  /** The id was already registered; the caller decides whether it is the same key. */
  | { kind: 'exists'; device: DeviceRecord };

export interface NewBatch {
  facilityId: string;
  deviceId: string;
  sequence: number;
  /** Canonical header JSON (`canonicalHeaderJson`). */
  headerJson: string;
  ciphertext: Buffer;
  signature: Buffer;
  receivedAt: number;
}

export type AppendResult =
  | { kind: 'stored'; cursor: number }
  /** The same batch (header, ciphertext, signature) was stored before: the push is idempotent. */
  | { kind: 'duplicate'; cursor: number }
  /** A different batch already holds this (device, sequence). */
  | { kind: 'conflict'; cursor: number }
  /** Sequences are gapless per device: this one is not the next. */
  | { kind: 'gap'; expectedSequence: number }
  /** The device was revoked (or vanished) between authentication and the insert. */
  | { kind: 'device-inactive' };

/** One request nonce to remember. */
export interface NonceUse {
  deviceId: string;
  nonce: string;
  seenAt: number;
}

export interface BatchRow {
  cursor: number;
  headerJson: string;
  ciphertext: Buffer;
  signature: Buffer;
}

// --- sealed keys ------------------------------------------------------------------

/** A sealed copy of the facility keyring; `keyId` names its newest key. Opaque to the server. */
export interface SealedEnvelope {
  keyId: string;
  envelope: Buffer;
}

export interface PutEnvelopes {
  facilityId: string;
  /** The workstation uploading; it must still be an active workstation of the facility. */
  sealedBy: string;
  keyId: string;
  envelopes: readonly { deviceId: string; envelope: Buffer }[];
  at: number;
}

export type PutEnvelopesResult =
  | { kind: 'stored'; count: number }
  | { kind: 'caller-inactive' }
  /** Unknown, or a device of another facility: the two are not told apart. Nothing was stored. */
  | { kind: 'not-in-facility'; deviceId: string }
  | { kind: 'revoked'; deviceId: string }
  /** Registered before box keys existed: nothing can be sealed to it until it registers again. */
  | { kind: 'no-box-key'; deviceId: string };

export interface NewEnrollment {
  /** SHA-256 (hex) of the one-time code; the server never learns the code. */
  codeId: string;
  facilityId: string;
  createdBy: string;
  keyId: string;
  envelope: Buffer;
  createdAt: number;
  expiresAt: number;
}

export type CreateEnrollmentResult = { kind: 'created' } | { kind: 'exists' } | { kind: 'caller-inactive' };

/**
 * How long an unredeemed code is kept after it expires: during this week a late redeem still gets
 * the clear "expired" refusal instead of "unknown code"; afterwards the row and its sealed keyring go.
 */
export const ENROLLMENT_PURGE_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * What a redeemed code keeps once it has expired: its row (so a reuse is still told "used"), but
 * not its sealed keyring. The column is NOT NULL, so an empty value marks it dropped; no schema change.
 */
export const DROPPED_ENVELOPE: Buffer = Buffer.alloc(0);

/** What a purge removed: whole stale codes, and sealed keyrings of expired redeemed codes. */
export interface EnrollmentPurgeResult {
  codesDeleted: number;
  envelopesDropped: number;
}

export type RedeemResult =
  | {
      kind: 'redeemed';
      facilityId: string;
      sealed: SealedEnvelope;
      device: DeviceRecord;
      /** True when this same device (same keys) had already redeemed the code: a retry after a lost response. */
      retry: boolean;
    }
  | { kind: 'unknown' }
  | { kind: 'expired' }
  | { kind: 'used' }
  /** The device id is taken by another registration; the code was not spent. */
  | { kind: 'device-exists' };

export type RegisterRecoveryResult =
  | { kind: 'created'; device: DeviceRecord; revokedEarlier: number }
  | { kind: 'exists'; device: DeviceRecord }
  | { kind: 'caller-inactive' };

export type RedeemRecoveryResult =
  | { kind: 'redeemed'; device: DeviceRecord; sealed: SealedEnvelope; retry: boolean }
  | { kind: 'recovery-inactive' }
  | { kind: 'no-envelope' }
  | { kind: 'device-exists' };

export interface StorageCounts {
  facilities: number;
  activeDevices: number;
  revokedDevices: number;
  batches: number;
}

export interface SyncStorage {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema; safe to run concurrently from several server instances. */
  migrate(): Promise<void>;
  /** Registers a device, creating its facility on first use, atomically. */
  registerDevice(device: NewDevice): Promise<RegisterResult>;
  /** Gives a device registered before box keys existed its box key; null when unknown. Never replaces a key. */
  setBoxPublicKey(id: string, boxPublicKey: Buffer): Promise<DeviceRecord | null>;
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** Every device of the facility, revoked ones included, in enrolment order. */
  listDevices(facilityId: string): Promise<DeviceRecord[]>;
  /**
   * Marks a device revoked (idempotent: the first revocation time is kept), deletes its sealed
   * envelope and the unredeemed enrollment codes it created. Null when unknown.
   */
  revokeDevice(id: string, at: number): Promise<DeviceRecord | null>;
  /**
   * Records request nonces durably, all in one transaction; for each, false when its device used it
   * before (a replay) — also earlier in the same list.
   */
  useNonces(uses: readonly NonceUse[]): Promise<boolean[]>;
  /** Forgets nonces seen before `before`: the timestamp window rejects those requests anyway. */
  forgetNonces(before: number): Promise<void>;
  /**
   * Stores a batch under the next per-facility cursor, atomically: cursors are gapless and
   * assigned in commit order per facility, even with several server instances on one database.
   */
  appendBatch(batch: NewBatch): Promise<AppendResult>;
  /** The facility's batches with cursor > after, in cursor order, at most `limit`. */
  listBatches(facilityId: string, after: number, limit: number): Promise<BatchRow[]>;
  /** Stores or replaces each recipient's envelope, all or nothing: every recipient is checked first. */
  putEnvelopes(put: PutEnvelopes): Promise<PutEnvelopesResult>;
  getEnvelope(deviceId: string): Promise<SealedEnvelope | null>;
  /**
   * Stores a new code. In the same transaction it purges the facility's stale codes as
   * `purgeEnrollments` does, by the code's `createdAt` (the server clock).
   */
  createEnrollment(enrollment: NewEnrollment): Promise<CreateEnrollmentResult>;
  /**
   * Deletes unredeemed codes that expired more than ENROLLMENT_PURGE_GRACE_MS before `now`, and
   * drops the sealed keyring of redeemed codes that have expired (nobody can fetch it again: a
   * same-device retry works only before expiry); the redeemed row stays so a reuse is told "used".
   * Run at server start; `createEnrollment` does it per facility.
   */
  purgeEnrollments(now: number): Promise<EnrollmentPurgeResult>;
  /**
   * Spends a code and registers `device` as a workstation of the code's facility, atomically:
   * of concurrent redeems of one code, exactly one wins, even across server instances.
   */
  redeemEnrollment(codeId: string, device: Omit<NewDevice, 'facilityId' | 'kind'>): Promise<RedeemResult>;
  /** Registers the facility's recovery device, revoking any earlier one, atomically. */
  registerRecovery(device: NewDevice, registeredBy: string): Promise<RegisterRecoveryResult>;
  /** Registers a replacement workstation in the recovery device's facility and returns its envelope. */
  redeemRecovery(
    recoveryId: string,
    workstation: Omit<NewDevice, 'facilityId' | 'kind'>,
  ): Promise<RedeemRecoveryResult>;
  counts(): Promise<StorageCounts>;
  close(): Promise<void>;
}

/**
 * A `devices` row as both adapters read it (`SELECT *`). PostgreSQL returns BIGINT columns as
 * text, SQLite as numbers; `deviceFromRow` maps either.
 */
export interface DeviceRow {
  id: string;
  facility_id: string;
  kind: DeviceKind;
  public_key: Buffer;
  box_public_key: Buffer | null;
  status: DeviceStatus;
  enrolled_at: number | string;
  revoked_at: number | string | null;
}

export function deviceFromRow(row: DeviceRow): DeviceRecord {
  return {
    id: row.id,
    facilityId: row.facility_id,
    kind: row.kind,
    publicKey: row.public_key,
    boxPublicKey: row.box_public_key,
    status: row.status,
    enrolledAt: Number(row.enrolled_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

/** The record of a device just inserted. */
export function newDeviceRecord(device: NewDevice): DeviceRecord {
  return { ...device, status: 'active', revokedAt: null };
}

/** An `enrollments` row as both adapters read it (BIGINT as text from PostgreSQL). */
export interface EnrollmentRow {
  facility_id: string;
  key_id: string;
  envelope: Buffer;
  expires_at: number | string;
  redeemed_by: string | null;
}

export function enrollmentFromRow(row: EnrollmentRow | undefined): EnrollmentState | null {
  if (!row) return null;
  return {
    facilityId: row.facility_id,
    sealed: { keyId: row.key_id, envelope: row.envelope },
    expiresAt: Number(row.expires_at),
    redeemedBy: row.redeemed_by,
  };
}

/** A `batches` row as both adapters read it for a pull page or a sequence check (cursor as text from PostgreSQL). */
export interface StoredBatchRow {
  cursor: number | string;
  header: string;
  ciphertext: Buffer;
  signature: Buffer;
}

export function batchFromRow(row: StoredBatchRow): BatchRow {
  return { cursor: Number(row.cursor), headerJson: row.header, ciphertext: row.ciphertext, signature: row.signature };
}

/** The values of a new `batches` row, in column order: facility_id, cursor, device_id, sequence, header, ciphertext, signature, received_at. */
export function batchRowValues(batch: NewBatch, cursor: number): unknown[] {
  return [
    batch.facilityId,
    cursor,
    batch.deviceId,
    batch.sequence,
    batch.headerJson,
    batch.ciphertext,
    batch.signature,
    batch.receivedAt,
  ];
}

/** A re-push of a stored sequence: the same batch is a duplicate, another one a conflict. */
export function judgeRepush(stored: StoredBatchRow, batch: NewBatch): AppendResult {
  const same = sameBatch(batchFromRow(stored), batch);
  return { kind: same ? 'duplicate' : 'conflict', cursor: Number(stored.cursor) };
}

export function sameBatch(stored: { headerJson: string; ciphertext: Buffer; signature: Buffer }, batch: NewBatch) {
  return (
    stored.headerJson === batch.headerJson &&
    stored.ciphertext.equals(batch.ciphertext) &&
    stored.signature.equals(batch.signature)
  );
}

/** True when an existing active registration is exactly this device: a retried request, not a takeover. */
export function sameActiveDevice(existing: DeviceRecord, device: NewDevice): boolean {
  return (
    existing.status === 'active' &&
    existing.facilityId === device.facilityId &&
    existing.kind === device.kind &&
    existing.publicKey.equals(device.publicKey) &&
    existing.boxPublicKey !== null &&
    existing.boxPublicKey.equals(device.boxPublicKey)
  );
}

/** What an adapter read, under lock, about an enrollment code. */
export interface EnrollmentState {
  facilityId: string;
  sealed: SealedEnvelope;
  expiresAt: number;
  redeemedBy: string | null;
}

/**
 * The rules of redeeming a code, shared by both adapters (which call this inside the transaction
 * that holds the code's row): unknown → used (unless it is this same device retrying before
 * expiry) → expired → device id taken → register. "Used" comes before "expired" so an
 * admin learns that a code was spent, which matters more than that it has since run out.
 */
export function judgeRedemption(
  code: EnrollmentState | null,
  existing: DeviceRecord | null,
  keys: Omit<NewDevice, 'facilityId' | 'kind'>,
): RedeemResult | { kind: 'register'; device: NewDevice; code: EnrollmentState } {
  if (!code) return { kind: 'unknown' };
  const device: NewDevice = { ...keys, facilityId: code.facilityId, kind: 'workstation' };
  const now = keys.enrolledAt;
  if (code.redeemedBy !== null) {
    // A purge drops the keyring only after expiry; the length check also covers a clock set back since.
    const sameDeviceRetry = code.redeemedBy === keys.id && now < code.expiresAt && code.sealed.envelope.length > 0;
    if (sameDeviceRetry && existing && sameActiveDevice(existing, device)) {
      return { kind: 'redeemed', facilityId: code.facilityId, sealed: code.sealed, device: existing, retry: true };
    }
    return { kind: 'used' };
  }
  if (now >= code.expiresAt) return { kind: 'expired' };
  if (existing) return { kind: 'device-exists' };
  return { kind: 'register', device, code };
}
