/**
 * Batches: cutting the change log into bounded batches, sealing them
 * (compress → AES-256-GCM with the header as AAD → Ed25519 signature over
 * `canonicalBatchBytes`) and, on the way back, verifying and opening them.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { KeyObject } from 'node:crypto';
import { nodeOfValidHlc } from '../../../shared/sync/hlc';
import {
  canonicalBatchBytes,
  canonicalHeaderBytes,
  type BatchHeader,
  type StoredBatch,
} from '../../../shared/sync/wire';
import type { ColumnValue } from '../records/writer';
import { aesGcmOpen, aesGcmSeal, signBytes, verifySignature } from './crypto';
import { MESSAGES, SyncError } from './errors';
import type { FacilityKey } from './keyring';

/** At most this many changes per batch. */
export const MAX_BATCH_CHANGES = 2_000;
/**
 * At most this many bytes of uncompressed payload per batch. Deflate never
 * grows data by more than a few bytes per 16 KiB block, so even incompressible
 * changes stay near 700 KB once base64-encoded: well under the server's 1 MiB
 * body limit.
 */
export const MAX_BATCH_BYTES = 512 * 1024;
/** An opened batch may not inflate beyond this (a batch that does is refused, not expanded). */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** A change as stored in the change log. `data` and `base` are JSON text. */
export interface LoggedChange {
  seq: number;
  table_name: string;
  row_id: string;
  op: 'insert' | 'update' | 'delete';
  data: string;
  hlc: string;
  base: string | null;
}

const SAFE_NAME = /^[a-z][a-z0-9_]*$/;
const HLC = /^[0-9a-f]{12}\.[0-9a-f]{4}\.[A-Za-z0-9-]{1,64}$/;
const OPS: ReadonlySet<string> = new Set(['insert', 'update', 'delete']);
/** Names already found safe: a batch names the same few tables and columns thousands of times. Bounded. */
const knownSafeNames = new Set<string>();
const MAX_KNOWN_SAFE_NAMES = 4_096;

function isSafeName(name: string): boolean {
  if (knownSafeNames.has(name)) return true;
  if (!SAFE_NAME.test(name)) return false;
  if (knownSafeNames.size < MAX_KNOWN_SAFE_NAMES) knownSafeNames.add(name);
  return true;
}

/** A change as it travels inside a batch: table, row, op, HLC, column values and (for edits) their bases. */
export interface WireChange {
  t: string;
  r: string;
  o: 'insert' | 'update' | 'delete';
  h: string;
  d: Record<string, ColumnValue>;
  b: Record<string, string | null> | null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isColumnValue = (value: unknown): value is ColumnValue =>
  value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/**
 * Checks one decoded change field by field. Hand-written rather than a zod
 * schema: it runs for every change of every pulled batch, and this is the
 * merge's hot path.
 */
export function isWireChange(value: unknown): value is WireChange {
  if (!isObject(value)) return false;
  const { t, r, o, h, d, b } = value;
  if (Object.keys(value).length !== 6) return false;
  if (typeof t !== 'string' || !isSafeName(t)) return false;
  if (typeof r !== 'string' || r.length === 0 || r.length > 1024) return false;
  if (typeof o !== 'string' || !OPS.has(o) || typeof h !== 'string' || !HLC.test(h)) return false;
  if (!isObject(d)) return false;
  for (const column in d) if (!isSafeName(column) || !isColumnValue(d[column])) return false;
  if (b === null) return true;
  if (!isObject(b)) return false;
  for (const column in b) {
    const base = b[column];
    if (!isSafeName(column) || (base !== null && (typeof base !== 'string' || !HLC.test(base)))) return false;
  }
  return true;
}

/** The changes of a decoded batch payload `{"v":1,"changes":[...]}`, or null if it is anything else. */
export function parsePayload(json: unknown): WireChange[] | null {
  if (!isObject(json) || json['v'] !== 1 || Object.keys(json).length !== 2) return null;
  const changes = json['changes'];
  if (!Array.isArray(changes) || changes.length === 0) return null;
  for (const change of changes) if (!isWireChange(change)) return null;
  return changes as WireChange[];
}

/** The JSON of one change, built from the log's JSON text without parsing it. */
function changeJson(change: LoggedChange): string {
  return `{"t":${JSON.stringify(change.table_name)},"r":${JSON.stringify(change.row_id)},"o":"${change.op}","h":"${change.hlc}","d":${change.data},"b":${change.base ?? 'null'}}`;
}

export interface CutBatch {
  changes: LoggedChange[];
  json: string;
}

/** The longest prefix of `changes` within the count and byte bounds (always at least one change). */
export function cutBatch(changes: readonly LoggedChange[], maxChanges = MAX_BATCH_CHANGES): CutBatch {
  const parts: string[] = [];
  let bytes = 0;
  const taken: LoggedChange[] = [];
  for (const change of changes) {
    if (taken.length >= maxChanges) break;
    const part = changeJson(change);
    const size = Buffer.byteLength(part) + 1;
    if (taken.length > 0 && bytes + size > MAX_BATCH_BYTES) break;
    parts.push(part);
    taken.push(change);
    bytes += size;
  }
  return { changes: taken, json: `{"v":1,"changes":[${parts.join(',')}]}` };
}

export interface SealedBatch {
  header: BatchHeader;
  ciphertext: Buffer;
  signature: Buffer;
}

export function sealBatch(
  cut: CutBatch,
  to: { facilityId: string; deviceId: string; sequence: number; key: FacilityKey; createdAt: Date },
  signKey: KeyObject,
): SealedBatch {
  const hlcs = cut.changes.map((change) => change.hlc).sort();
  const header: BatchHeader = {
    facilityId: to.facilityId,
    deviceId: to.deviceId,
    sequence: to.sequence,
    keyId: to.key.keyId,
    createdAt: to.createdAt.toISOString(),
    changeCount: cut.changes.length,
    hlcMin: hlcs[0] ?? '',
    hlcMax: hlcs.at(-1) ?? '',
  };
  const compressed = deflateRawSync(Buffer.from(cut.json), { level: 3 });
  const ciphertext = aesGcmSeal(to.key.key, compressed, canonicalHeaderBytes(header));
  const signature = signBytes(signKey, canonicalBatchBytes(header, ciphertext));
  return { header, ciphertext, signature };
}

export interface OpenContext {
  facilityId: string;
  /** The pushing device's Ed25519 key, or null when it is not a workstation of this facility. */
  devicePublicKey(deviceId: string): KeyObject | null;
  dataKey(keyId: string): FacilityKey | null;
}

/** Strict base64 decoding: only text that re-encodes to itself. */
export function decodeBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/**
 * Verifies and opens a pulled batch, or throws a SyncError naming what was
 * wrong; never returns part of a batch. The key lookup is last, so a caller
 * may fetch a missing key and try again.
 */
export function openBatch(batch: StoredBatch, ctx: OpenContext): WireChange[] {
  const { header } = batch;
  const device = header.deviceId;
  if (header.facilityId !== ctx.facilityId) throw new SyncError('integrity', MESSAGES.wrongFacility);
  const publicKey = ctx.devicePublicKey(device);
  if (publicKey === null) throw new SyncError('integrity', MESSAGES.unknownDevice(device));
  const ciphertext = decodeBase64(batch.ciphertext);
  const signature = decodeBase64(batch.signature);
  if (ciphertext === null || signature === null) throw new SyncError('integrity', MESSAGES.tampered(device));
  if (!verifySignature(publicKey, canonicalBatchBytes(header, ciphertext), signature)) {
    throw new SyncError('integrity', MESSAGES.badSignature(device));
  }
  const key = ctx.dataKey(header.keyId);
  if (key === null) throw new SyncError('integrity', MESSAGES.unknownKey(device));
  const compressed = aesGcmOpen(key.key, ciphertext, canonicalHeaderBytes(header));
  if (compressed === null) throw new SyncError('integrity', MESSAGES.tampered(device));
  let json: unknown;
  try {
    json = JSON.parse(inflateRawSync(compressed, { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8'));
  } catch {
    throw new SyncError('integrity', MESSAGES.unreadable(device));
  }
  const changes = parsePayload(json);
  if (changes === null) throw new SyncError('integrity', MESSAGES.unreadable(device));
  const consistent =
    changes.length === header.changeCount &&
    changes.every(
      (change) => nodeOfValidHlc(change.h) === device && change.h >= header.hlcMin && change.h <= header.hlcMax,
    );
  if (!consistent) throw new SyncError('integrity', MESSAGES.unreadable(device));
  return changes;
}
