/**
 * What the sync server stores, behind one interface with two adapters: SQLite
 * through better-sqlite3 (the embedded default) and PostgreSQL through pg.
 *
 * Everything stored is either routing metadata (facility, device, sequence,
 * cursor, the plaintext batch header) or opaque bytes the server cannot read
 * (ciphertext, signatures). Times are milliseconds since the epoch.
 */
import { type DeviceStatus } from '../../../shared/sync/wire';

export interface DeviceRecord {
  id: string;
  facilityId: string;
  /** Raw Ed25519 public key, 32 bytes. */
  publicKey: Buffer;
  status: DeviceStatus;
  enrolledAt: number;
  revokedAt: number | null;
}

export interface NewDevice {
  id: string;
  facilityId: string;
  publicKey: Buffer;
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

export interface BatchRow {
  cursor: number;
  headerJson: string;
  ciphertext: Buffer;
  signature: Buffer;
}

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
  getDevice(id: string): Promise<DeviceRecord | null>;
  /** Marks a device revoked (idempotent: the first revocation time is kept). Null when unknown. */
  revokeDevice(id: string, at: number): Promise<DeviceRecord | null>;
  /**
   * Records a request nonce; false when this device used it before (a replay).
   * Also forgets nonces seen before `forgetBefore`: the timestamp window rejects those requests anyway.
   */
  useNonce(deviceId: string, nonce: string, seenAt: number, forgetBefore: number): Promise<boolean>;
  /**
   * Stores a batch under the next per-facility cursor, atomically: cursors are gapless and
   * assigned in commit order per facility, even with several server instances on one database.
   */
  appendBatch(batch: NewBatch): Promise<AppendResult>;
  /** The facility's batches with cursor > after, in cursor order, at most `limit`. */
  listBatches(facilityId: string, after: number, limit: number): Promise<BatchRow[]>;
  counts(): Promise<StorageCounts>;
  close(): Promise<void>;
}

export function sameBatch(stored: { headerJson: string; ciphertext: Buffer; signature: Buffer }, batch: NewBatch) {
  return (
    stored.headerJson === batch.headerJson &&
    stored.ciphertext.equals(batch.ciphertext) &&
    stored.signature.equals(batch.signature)
  );
}
