/**
 * The sync wire format, shared by the sync client (electron/core) and the sync
 * server. Pure TypeScript: no Node imports, so any process may use it; hashing,
 * signing and base64 are left to the caller (node:crypto on both sides).
 *
 * A workstation pushes batches: a plaintext header, the ciphertext of its
 * compressed changes (AES-256-GCM with the facility data key, header as AAD —
 * opaque to the server) and an Ed25519 signature by the workstation's key over
 * `canonicalBatchBytes(header, ciphertext)`. The server assigns each stored
 * batch a per-facility cursor and serves pulls by cursor in pages.
 *
 * Every request but health and metrics is signed by the device:
 * `x-zahanati-signature` = Ed25519 over `canonicalRequestBytes(...)`, i.e.
 * `${METHOD}\n${pathWithQuery}\n${timestampMs}\n${nonce}\n${sha256(body) hex}`.
 */
import { z } from 'zod';

export const SYNC_API_VERSION = 'v1';

/** Request headers of an authenticated request. */
export const AUTH_HEADERS = {
  device: 'x-zahanati-device',
  timestamp: 'x-zahanati-timestamp',
  nonce: 'x-zahanati-nonce',
  signature: 'x-zahanati-signature',
} as const;

/** Response header carrying the server clock (ms since epoch) on every response, for skew detection. */
export const SERVER_TIME_HEADER = 'x-zahanati-server-time';

/** Pages of a pull hold at most this many batches. */
export const MAX_PULL_LIMIT = 500;
export const DEFAULT_PULL_LIMIT = 100;

// ---------------------------------------------------------------------------
// Primitives

/** Facility and device ids: UUIDv7 in practice; any 1–64 letters, digits or dashes (an HLC node id). */
export const syncIdSchema = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'An id is 1–64 letters, digits or dashes');
export const keyIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'A key id is 1–64 letters, digits, . _ or -');
export const hlcStringSchema = z
  .string()
  .regex(/^[0-9a-f]{12}\.[0-9a-f]{4}\.[A-Za-z0-9-]{1,64}$/, 'Not a hybrid logical clock timestamp');

/** Standard padded base64 (RFC 4648 §4). Callers also check that decoding and re-encoding round-trips. */
export const base64Schema = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'Not padded base64');

/** A raw Ed25519 key or signature in base64: 32 bytes → 44 characters, 64 bytes → 88 characters. */
export const ed25519PublicKeySchema = base64Schema.refine((s) => s.length === 44, 'An Ed25519 public key is 32 bytes');
/** A raw X25519 public key in base64 (32 bytes). */
export const x25519PublicKeySchema = base64Schema.refine((s) => s.length === 44, 'An X25519 public key is 32 bytes');
export const ed25519SignatureSchema = base64Schema.refine((s) => s.length === 88, 'An Ed25519 signature is 64 bytes');

/** 16 to 64 random bytes as lower-case hex. */
export const nonceSchema = z.string().regex(/^(?:[0-9a-f]{2}){16,64}$/, 'A nonce is 16–64 random bytes in hex');

/** Per-facility cursor assigned by the server; 0 means "before the first batch". */
export const cursorSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// ---------------------------------------------------------------------------
// Batches

export const batchHeaderSchema = z
  .object({
    facilityId: syncIdSchema,
    deviceId: syncIdSchema,
    /** Per device, starts at 1, gapless. */
    sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** Which facility data key encrypted the batch (keys rotate on revocation). */
    keyId: keyIdSchema,
    createdAt: z.iso.datetime({ offset: true }),
    changeCount: z.number().int().min(1).max(1_000_000),
    hlcMin: hlcStringSchema,
    hlcMax: hlcStringSchema,
  })
  .strict()
  .refine((h) => h.hlcMin <= h.hlcMax, { message: 'hlcMin is after hlcMax', path: ['hlcMin'] });
export type BatchHeader = z.infer<typeof batchHeaderSchema>;

/** A batch as pushed: header, ciphertext (base64) and the device's signature (base64). */
export const pushBatchRequestSchema = z
  .object({
    header: batchHeaderSchema,
    ciphertext: base64Schema.refine((s) => s.length > 0, 'The ciphertext is empty'),
    signature: ed25519SignatureSchema,
  })
  .strict();
export type PushBatchRequest = z.infer<typeof pushBatchRequestSchema>;

export const pushBatchResponseSchema = z.object({
  cursor: cursorSchema.min(1),
  /** True when this exact batch had been stored before (an idempotent re-push). */
  duplicate: z.boolean(),
});
export type PushBatchResponse = z.infer<typeof pushBatchResponseSchema>;

export const storedBatchSchema = z.object({
  cursor: cursorSchema.min(1),
  header: batchHeaderSchema,
  ciphertext: base64Schema,
  signature: ed25519SignatureSchema,
});
export type StoredBatch = z.infer<typeof storedBatchSchema>;

export const pullQuerySchema = z
  .object({
    after: z.coerce.number().pipe(cursorSchema).default(0),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(DEFAULT_PULL_LIMIT),
  })
  .strict();
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pullPageSchema = z.object({
  batches: z.array(storedBatchSchema),
  /** Pass as `after` for the next page; equals the request's `after` when the page is empty. */
  nextCursor: cursorSchema,
  hasMore: z.boolean(),
});
export type PullPage = z.infer<typeof pullPageSchema>;

// ---------------------------------------------------------------------------
// Devices

/**
 * Registration, first part: a facility bootstrap token configured on the server.
 * The request is signed like any other, with the key being registered (proof of
 * possession); `x-zahanati-device` is the `deviceId` of the body.
 */
export const registerDeviceRequestSchema = z
  .object({
    facilityId: syncIdSchema,
    deviceId: syncIdSchema,
    publicKey: ed25519PublicKeySchema,
    /** The device's X25519 key, to which other workstations seal the facility keyring. */
    boxPublicKey: x25519PublicKeySchema,
    bootstrapToken: z.string().min(16).max(256),
  })
  .strict();
export type RegisterDeviceRequest = z.infer<typeof registerDeviceRequestSchema>;

export const deviceStatusSchema = z.enum(['active', 'revoked']);
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

/**
 * A workstation pushes and pulls. A recovery device is the identity of a printed
 * recovery kit: it may read its own sealed envelope, list the facility's devices
 * and register replacement workstations (one per redeem), but may never push,
 * pull, seal keys, create enrollment codes or revoke. A facility has at most one
 * active recovery device.
 */
export const deviceKindSchema = z.enum(['workstation', 'recovery']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

export const deviceInfoSchema = z.object({
  deviceId: syncIdSchema,
  facilityId: syncIdSchema,
  kind: deviceKindSchema,
  status: deviceStatusSchema,
  publicKey: ed25519PublicKeySchema,
  /**
   * Null only for a device registered before the server stored box keys (server schema v1), until
   * it registers again with the same signing key: nothing can be sealed to it meanwhile.
   */
  boxPublicKey: x25519PublicKeySchema.nullable(),
  enrolledAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export const revokeDeviceRequestSchema = z.object({ reason: z.string().max(500).optional() }).strict();
export type RevokeDeviceRequest = z.infer<typeof revokeDeviceRequestSchema>;

/** GET /v1/devices: every device of the caller's facility (public keys, to verify batches and seal keys). */
export const deviceListResponseSchema = z.object({ devices: z.array(deviceInfoSchema) });
export type DeviceListResponse = z.infer<typeof deviceListResponseSchema>;

/**
 * A new device proves possession of its keys by signing the request with the Ed25519 key it
 * registers (`x-zahanati-device` = `deviceId`), as for bootstrap registration.
 */
export const newDeviceKeysSchema = z
  .object({ deviceId: syncIdSchema, publicKey: ed25519PublicKeySchema, boxPublicKey: x25519PublicKeySchema })
  .strict();
export type NewDeviceKeys = z.infer<typeof newDeviceKeysSchema>;

// ---------------------------------------------------------------------------
// Keys, enrollment, recovery
//
// The server stores only sealed envelopes: the facility keyring (every data key, old ones kept for
// history) encrypted on a workstation, either to a device's X25519 key or to an enrollment code.

/** An opaque sealed envelope in base64, at most 64 KiB. */
export const envelopeSchema = base64Schema.refine((s) => s.length > 0 && s.length <= 87_384, 'Not a sealed envelope');

/** Lower-case hex SHA-256: how the server knows an enrollment code without learning it. */
export const codeIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'A code id is 64 lower-case hex digits');

/**
 * PUT /v1/keys (signed by an active workstation): the keyring sealed to devices of the facility
 * after a key is created or rotated. Replaces each named device's envelope; `keyId` is the
 * current (newest) key of the keyring.
 */
export const putKeyEnvelopesRequestSchema = z
  .object({
    keyId: keyIdSchema,
    envelopes: z
      .array(z.object({ deviceId: syncIdSchema, envelope: envelopeSchema }).strict())
      .min(1)
      .max(1000),
  })
  .strict();
export type PutKeyEnvelopesRequest = z.infer<typeof putKeyEnvelopesRequestSchema>;

/**
 * Answer to PUT /v1/keys: how many envelopes were stored. The upload is all or nothing: a recipient
 * that is not an active device of the caller's facility refuses it whole (FORBIDDEN).
 */
export const putKeyEnvelopesResponseSchema = z.object({ stored: z.number().int().min(1) });
export type PutKeyEnvelopesResponse = z.infer<typeof putKeyEnvelopesResponseSchema>;

/** GET /v1/keys: the caller's own envelope (null before any was sealed to it). */
export const keyEnvelopeResponseSchema = z.object({
  keyId: keyIdSchema.nullable(),
  envelope: envelopeSchema.nullable(),
});
export type KeyEnvelopeResponse = z.infer<typeof keyEnvelopeResponseSchema>;

export const DEFAULT_ENROLLMENT_TTL_SECONDS = 24 * 60 * 60;
export const MAX_ENROLLMENT_TTL_SECONDS = 7 * 24 * 60 * 60;

/** POST /v1/enrollments (signed by an active workstation): a one-time code's sealed keyring. */
export const createEnrollmentRequestSchema = z
  .object({
    codeId: codeIdSchema,
    keyId: keyIdSchema,
    envelope: envelopeSchema,
    ttlSeconds: z.number().int().min(60).max(MAX_ENROLLMENT_TTL_SECONDS).default(DEFAULT_ENROLLMENT_TTL_SECONDS),
  })
  .strict();
export type CreateEnrollmentRequest = z.input<typeof createEnrollmentRequestSchema>;

export const createEnrollmentResponseSchema = z.object({ expiresAt: z.iso.datetime() });
export type CreateEnrollmentResponse = z.infer<typeof createEnrollmentResponseSchema>;

/**
 * POST /v1/enrollments/redeem (signed with the new device's key): registers the device in the
 * code's facility and returns the sealed keyring, once. The code is spent atomically; of concurrent
 * redeems exactly one wins. Refusals, checked in this order: ENROLLMENT_UNKNOWN (404),
 * ENROLLMENT_USED (409), ENROLLMENT_EXPIRED (410, by the server clock), CONFLICT (409: the device
 * id is taken; the code is not spent). The same device (same id and keys) redeeming its code again
 * before expiry gets the same answer with status 200: a retry after a lost response.
 */
export const redeemEnrollmentRequestSchema = newDeviceKeysSchema.extend({ codeId: codeIdSchema }).strict();
export type RedeemEnrollmentRequest = z.infer<typeof redeemEnrollmentRequestSchema>;

export const redeemEnrollmentResponseSchema = z.object({
  facilityId: syncIdSchema,
  keyId: keyIdSchema,
  envelope: envelopeSchema,
});
export type RedeemEnrollmentResponse = z.infer<typeof redeemEnrollmentResponseSchema>;

/**
 * POST /v1/recovery/register (signed by an active workstation): registers the recovery device of
 * the facility's printed kit, revoking any earlier one. Its envelope is sealed like any device's.
 */
export const registerRecoveryRequestSchema = newDeviceKeysSchema;
export type RegisterRecoveryRequest = z.infer<typeof registerRecoveryRequestSchema>;

/**
 * POST /v1/recovery/redeem (signed by the recovery device): registers a replacement workstation
 * and returns the recovery device's own envelope, which the kit's secret opens (NOT_FOUND while
 * none has been sealed to it). Repeating it for the same workstation (same keys) answers 200.
 */
export const redeemRecoveryRequestSchema = z.object({ workstation: newDeviceKeysSchema }).strict();
export type RedeemRecoveryRequest = z.infer<typeof redeemRecoveryRequestSchema>;
export const redeemRecoveryResponseSchema = redeemEnrollmentResponseSchema;
export type RedeemRecoveryResponse = z.infer<typeof redeemRecoveryResponseSchema>;

// ---------------------------------------------------------------------------
// Health, metrics, errors

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  version: z.literal(SYNC_API_VERSION),
  serverTime: z.number().int(),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

/** Counts only: never ids, keys or anything from a record. */
export const metricsResponseSchema = z.object({
  uptimeSeconds: z.number(),
  facilities: z.number().int(),
  devices: z.object({ active: z.number().int(), revoked: z.number().int() }),
  batchesStored: z.number().int(),
  sinceStart: z.object({
    pushes: z.number().int(),
    duplicatePushes: z.number().int(),
    pulls: z.number().int(),
    registrations: z.number().int(),
    revocations: z.number().int(),
    authFailures: z.number().int(),
    keyEnvelopesStored: z.number().int(),
    enrollmentsCreated: z.number().int(),
    enrollmentsRedeemed: z.number().int(),
    /** Redemptions refused (unknown, used or expired code, or a taken device id): a guessing signal. */
    enrollmentsRefused: z.number().int(),
    recoveryKitsRegistered: z.number().int(),
    /** Replacement workstations registered through a recovery kit. */
    recoveries: z.number().int(),
  }),
});
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;

export const SYNC_ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'STALE_TIMESTAMP',
  'REPLAYED_REQUEST',
  'UNKNOWN_DEVICE',
  'BAD_SIGNATURE',
  'BAD_BATCH_SIGNATURE',
  'BAD_BOOTSTRAP_TOKEN',
  'ENROLLMENT_UNKNOWN',
  'ENROLLMENT_EXPIRED',
  'ENROLLMENT_USED',
  'DEVICE_REVOKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'SEQUENCE_CONFLICT',
  'SEQUENCE_GAP',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'INTERNAL',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const syncErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(SYNC_ERROR_CODES),
    message: z.string(),
    /** SEQUENCE_GAP: the sequence the server expects next from this device. */
    expectedSequence: z.number().int().optional(),
    /** STALE_TIMESTAMP: the server clock, so the client can correct its request timestamps. */
    serverTime: z.number().int().optional(),
  }),
});
export type SyncErrorBody = z.infer<typeof syncErrorBodySchema>;

// ---------------------------------------------------------------------------
// Canonical bytes

const encoder = new TextEncoder();

/** Domain tag of signed batches. It contains '/', so it can never be a request's method line. */
const BATCH_DOMAIN = 'zahanati/batch/v1';

/** The header as JSON with a fixed key order: the AES-GCM AAD and the first part of the signed bytes. */
export function canonicalHeaderJson(h: BatchHeader): string {
  return JSON.stringify({
    facilityId: h.facilityId,
    deviceId: h.deviceId,
    sequence: h.sequence,
    keyId: h.keyId,
    createdAt: h.createdAt,
    changeCount: h.changeCount,
    hlcMin: h.hlcMin,
    hlcMax: h.hlcMax,
  });
}

/** UTF-8 of the canonical header JSON; clients use it as the AES-256-GCM additional authenticated data. */
export function canonicalHeaderBytes(h: BatchHeader): Uint8Array {
  return encoder.encode(canonicalHeaderJson(h));
}

/**
 * What a device signs for a batch: `zahanati/batch/v1\n` + canonical header JSON + `\n` + raw
 * ciphertext bytes. JSON never contains a raw newline, so the framing is unambiguous.
 */
export function canonicalBatchBytes(header: BatchHeader, ciphertext: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${BATCH_DOMAIN}\n${canonicalHeaderJson(header)}\n`);
  const out = new Uint8Array(prefix.length + ciphertext.length);
  out.set(prefix, 0);
  out.set(ciphertext, prefix.length);
  return out;
}

export interface CanonicalRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The request target exactly as sent: path plus query string, e.g. `/v1/batches?after=3&limit=100`. */
  path: string;
  /** Client clock, ms since epoch (corrected by the server time the client last saw). */
  timestamp: number;
  nonce: string;
  /** Lower-case hex SHA-256 of the raw body bytes (of the empty string when there is no body). */
  bodySha256Hex: string;
}

export function canonicalRequestBytes(r: CanonicalRequest): Uint8Array {
  if (!/^[A-Z]+$/.test(r.method)) throw new Error('The method must be upper-case letters');
  if (/[\r\n]/.test(r.path)) throw new Error('The path may not contain line breaks');
  if (!Number.isSafeInteger(r.timestamp)) throw new Error('The timestamp must be an integer');
  if (!/^[0-9a-f]{64}$/.test(r.bodySha256Hex)) throw new Error('The body hash must be 64 lower-case hex digits');
  return encoder.encode(`${r.method}\n${r.path}\n${r.timestamp}\n${r.nonce}\n${r.bodySha256Hex}`);
}
