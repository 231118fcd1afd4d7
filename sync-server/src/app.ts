/**
 * The sync server's HTTP surface (Fastify). It authenticates devices by Ed25519
 * request signatures with replay protection, stores opaque signed batches under
 * per-facility cursors and serves them back in pages, and holds the facility
 * keyring only as envelopes sealed on workstations. It never sees a key or a
 * byte of plaintext.
 *
 * Routes (all under /v1; every one but health and metrics is signed):
 *   GET  /health, /metrics            unauthenticated; metrics are counts only
 *   POST /devices/register            bootstrap: a facility token, signed with the key being registered
 *   GET  /devices                     every device of the caller's facility, with its public keys
 *   POST /devices/:id/revoke          a workstation revokes another device of its facility
 *   POST /batches, GET /batches       push and paged pull (workstations only)
 *   PUT  /keys, GET /keys             sealed keyring envelopes (see keys.ts): upload by workstations,
 *                                     each device reads its own
 *   POST /enrollments                 a workstation stores a one-time code's envelope (expires, default 24 h)
 *   POST /enrollments/redeem          a new workstation, signing with its own key, spends the code once
 *   POST /recovery/register           a workstation registers the facility's printed recovery kit
 *   POST /recovery/redeem             the kit registers a replacement workstation and gets its envelope
 *
 * A recovery device may only read its envelope, list devices and redeem recovery.
 * Revocation is open to any other active workstation of the facility: the
 * server has no user accounts, so who may revoke is decided by the permission
 * checks of the workstation's own command table.
 */
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  AUTH_HEADERS,
  SERVER_TIME_HEADER,
  SYNC_API_VERSION,
  canonicalBatchBytes,
  canonicalHeaderJson,
  canonicalRequestBytes,
  ed25519SignatureSchema,
  nonceSchema,
  pullQuerySchema,
  registerDeviceRequestSchema,
  revokeDeviceRequestSchema,
  syncIdSchema,
  type DeviceInfo,
  type DeviceListResponse,
  type HealthResponse,
  type MetricsResponse,
  type NewDeviceKeys,
  type PushBatchResponse,
  type SyncErrorBody,
} from '../../shared/sync/wire';
import { KeyCache, decodeBase64Strict, publicKeyFromRaw, secretsEqual, sha256Hex, verifyEd25519 } from './auth';
import { type DecodedDeviceKeys, type RouteContext, type ServerStats, deviceInfo } from './context';
import { SyncHttpError, parse } from './errors';
import { registerKeyRoutes } from './keys';
import { NonceLedger } from './nonces';
import { Base64Cache, pullPageJson, pushBodySchema } from './pages';
import { type DeviceRecord, type SyncStorage } from './storage/storage';

export { SyncHttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** The raw JSON body bytes, for the request signature. */
    rawBody: Buffer | null;
    /** The authenticated device (set by the auth pre-handler). */
    device: DeviceRecord | null;
  }
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;
export const DEFAULT_RATE_LIMIT = { max: 600, timeWindowMs: 60_000 } as const;
/** Code redemptions per IP per window: low, since each one is a guess at a code. */
export const DEFAULT_REDEEM_RATE_LIMIT = { max: 30, timeWindowMs: 60_000 } as const;

export interface BuildServerOptions {
  storage: SyncStorage;
  /** Server clock, ms since the epoch. */
  clock?: () => number;
  /** Largest accepted request body; default 1 MiB. */
  maxBodyBytes?: number;
  /** Requests per window per (IP, claimed device); false turns limiting off (this one and the next). */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /** Enrollment-code redemptions per window per IP. */
  redeemRateLimit?: { max: number; timeWindowMs: number };
  /** Accepted difference between a request's timestamp and the server clock; default 5 min. */
  timestampWindowMs?: number;
  /**
   * Facility bootstrap tokens: how a facility's first workstation registers. Later workstations
   * join with one-time enrollment codes created on an enrolled workstation.
   */
  bootstrapTokens?: ReadonlyMap<string, string>;
  https?: { key: Buffer; cert: Buffer };
  logger?: boolean;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const EMPTY = Buffer.alloc(0);

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { storage } = options;
  const now = options.clock ?? Date.now;
  const windowMs = options.timestampWindowMs ?? DEFAULT_TIMESTAMP_WINDOW_MS;
  const bootstrapTokens = options.bootstrapTokens ?? new Map<string, string>();
  const keys = new KeyCache();
  // A nonce only needs remembering while its timestamp could still pass the window.
  const nonces = new NonceLedger(storage, 2 * windowMs);
  const ciphertexts = new Base64Cache();
  const startedAt = now();
  const stats: ServerStats = {
    pushes: 0,
    duplicatePushes: 0,
    pulls: 0,
    registrations: 0,
    revocations: 0,
    authFailures: 0,
    keyEnvelopesStored: 0,
    enrollmentsCreated: 0,
    enrollmentsRedeemed: 0,
    enrollmentsRefused: 0,
    recoveryKitsRegistered: 0,
    recoveries: 0,
  };

  const app = Fastify({
    bodyLimit: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logger: options.logger ?? false,
    ...(options.https ? { https: options.https } : {}),
  });

  // Codes that went stale while the server was down, or in a facility that makes no new code to
  // trigger the per-facility purge. Only counts are logged: a code id is nobody's business.
  const purged = await storage.purgeEnrollments(startedAt);
  if (purged.codesDeleted + purged.envelopesDropped > 0) app.log.info(purged, 'Purged stale enrollment codes');

  app.decorateRequest('rawBody', null);
  app.decorateRequest('device', null);

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
    request.rawBody = raw;
    if (raw.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(raw.toString('utf8')) as unknown);
    } catch {
      done(new SyncHttpError('VALIDATION', 'The body is not valid JSON'), undefined);
    }
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    let body: SyncErrorBody;
    let status: number;
    if (error instanceof SyncHttpError) {
      status = error.statusCode;
      body = { error: { code: error.code, message: error.message, ...error.extra } };
      if (status === 401 || status === 403) stats.authFailures += 1;
    } else {
      const statusCode =
        typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number'
          ? error.statusCode
          : 500;
      if (statusCode === 413) {
        status = 413;
        body = { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' } };
      } else if (statusCode === 429) {
        status = 429;
        body = { error: { code: 'RATE_LIMITED', message: 'Too many requests; slow down and retry later' } };
      } else if (statusCode >= 400 && statusCode < 500) {
        status = statusCode;
        const message = error instanceof Error ? error.message : 'Bad request';
        body = { error: { code: 'VALIDATION', message } };
      } else {
        status = 500;
        request.log.error({ err: error }, 'request failed');
        body = { error: { code: 'INTERNAL', message: 'Internal server error' } };
      }
    }
    void reply.code(status).type('application/json').send(body);
  });

  app.setNotFoundHandler((_request, reply) => {
    const body: SyncErrorBody = { error: { code: 'NOT_FOUND', message: 'No such endpoint' } };
    void reply.code(404).send(body);
  });

  // close() waits for every open socket. A response sent after it began would otherwise leave its
  // socket open for the whole keep-alive (72 s, and the client keeps it as long), holding shutdown.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header(SERVER_TIME_HEADER, String(now()));
    if (closing) void reply.header('connection', 'close');
    return payload;
  });

  if (options.rateLimit !== false) {
    const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    await app.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      // Clinics share one public IP behind NAT, so the claimed device id is part of the key.
      keyGenerator: (request) => {
        const claimed = header(request, AUTH_HEADERS.device);
        const device = claimed !== undefined && syncIdSchema.safeParse(claimed).success ? claimed : '-';
        return `${request.ip}|${device}`;
      },
      errorResponseBuilder: (_request, context) => ({
        statusCode: context.statusCode,
        message: 'Too many requests',
      }),
    });
  }

  // --- request authentication -------------------------------------------------

  interface SignedHeaders {
    deviceId: string;
    timestamp: number;
    nonce: string;
    signature: Buffer;
  }

  function readSignedHeaders(request: FastifyRequest): SignedHeaders {
    const deviceId = header(request, AUTH_HEADERS.device);
    const timestamp = header(request, AUTH_HEADERS.timestamp);
    const nonce = header(request, AUTH_HEADERS.nonce);
    const signature = header(request, AUTH_HEADERS.signature);
    if (deviceId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
      throw new SyncHttpError('UNAUTHENTICATED', 'Missing request signature headers');
    }
    if (!syncIdSchema.safeParse(deviceId).success) throw new SyncHttpError('UNAUTHENTICATED', 'Malformed device id');
    if (!/^\d{1,16}$/.test(timestamp)) throw new SyncHttpError('UNAUTHENTICATED', 'Malformed timestamp');
    if (!nonceSchema.safeParse(nonce).success) {
      throw new SyncHttpError('UNAUTHENTICATED', 'Malformed nonce: 16–64 random bytes in lower-case hex');
    }
    const sig = ed25519SignatureSchema.safeParse(signature).success ? decodeBase64Strict(signature) : null;
    if (sig === null) throw new SyncHttpError('UNAUTHENTICATED', 'Malformed signature');
    return { deviceId, timestamp: Number(timestamp), nonce, signature: sig };
  }

  function checkFreshness(signed: SignedHeaders): number {
    const serverTime = now();
    if (Math.abs(serverTime - signed.timestamp) > windowMs) {
      throw new SyncHttpError(
        'STALE_TIMESTAMP',
        `The request timestamp is more than ${Math.round(windowMs / 1000)} s from the server clock; correct it by the server time and retry`,
        { serverTime },
      );
    }
    return serverTime;
  }

  function checkSignature(request: FastifyRequest, signed: SignedHeaders, publicKey: Buffer, deviceId: string) {
    const bytes = canonicalRequestBytes({
      method: request.method,
      path: request.url,
      timestamp: signed.timestamp,
      nonce: signed.nonce,
      bodySha256Hex: sha256Hex(request.rawBody ?? EMPTY),
    });
    if (!verifyEd25519(keys.get(deviceId, publicKey), bytes, signed.signature)) {
      throw new SyncHttpError('BAD_SIGNATURE', 'The request signature does not verify');
    }
  }

  async function consumeNonce(signed: SignedHeaders, serverTime: number) {
    const fresh = await nonces.use(signed.deviceId, signed.nonce, serverTime);
    if (!fresh) throw new SyncHttpError('REPLAYED_REQUEST', 'This request was already received (nonce reused)');
  }

  async function authenticate(request: FastifyRequest): Promise<void> {
    const signed = readSignedHeaders(request);
    const serverTime = checkFreshness(signed);
    const device = await storage.getDevice(signed.deviceId);
    if (!device) throw new SyncHttpError('UNKNOWN_DEVICE', 'This device is not registered');
    checkSignature(request, signed, device.publicKey, device.id);
    if (device.status !== 'active') throw new SyncHttpError('DEVICE_REVOKED', 'This device has been revoked');
    await consumeNonce(signed, serverTime);
    request.device = device;
  }

  function authenticated(request: FastifyRequest): DeviceRecord {
    if (!request.device) throw new SyncHttpError('UNAUTHENTICATED', 'Not authenticated');
    return request.device;
  }

  function workstation(request: FastifyRequest, action: string): DeviceRecord {
    const device = authenticated(request);
    if (device.kind !== 'workstation') {
      throw new SyncHttpError('FORBIDDEN', `A recovery device may not ${action}; only workstations may`);
    }
    return device;
  }

  function decodeDeviceKeys(keys: NewDeviceKeys, what: string): DecodedDeviceKeys {
    const publicKey = decodeBase64Strict(keys.publicKey);
    const boxPublicKey = decodeBase64Strict(keys.boxPublicKey);
    if (publicKey === null || boxPublicKey === null || boxPublicKey.length !== 32) {
      throw new SyncHttpError('VALIDATION', `Invalid ${what}: publicKey and boxPublicKey must be canonical base64`);
    }
    try {
      publicKeyFromRaw(publicKey);
    } catch {
      throw new SyncHttpError('VALIDATION', `Invalid ${what}: publicKey is not an Ed25519 key`);
    }
    return { deviceId: keys.deviceId, publicKey, boxPublicKey };
  }

  async function proveNewDevice(
    request: FastifyRequest,
    body: NewDeviceKeys,
    what: string,
    authorize?: () => void,
  ): Promise<{ keys: DecodedDeviceKeys; serverTime: number }> {
    const signed = readSignedHeaders(request);
    const serverTime = checkFreshness(signed);
    if (signed.deviceId !== body.deviceId) {
      throw new SyncHttpError('UNAUTHENTICATED', 'The device header does not match the registered device id');
    }
    const keys = decodeDeviceKeys(body, what);
    // Proof of possession: the request is signed with the key being registered.
    checkSignature(request, signed, keys.publicKey, keys.deviceId);
    authorize?.();
    await consumeNonce(signed, serverTime);
    return { keys, serverTime };
  }

  // --- routes -------------------------------------------------------------------

  const prefix = `/${SYNC_API_VERSION}`;

  app.get(`${prefix}/health`, async (): Promise<HealthResponse> => {
    return { status: 'ok', version: SYNC_API_VERSION, serverTime: now() };
  });

  app.get(`${prefix}/metrics`, async (): Promise<MetricsResponse> => {
    const counts = await storage.counts();
    return {
      uptimeSeconds: Math.round((now() - startedAt) / 1000),
      facilities: counts.facilities,
      devices: { active: counts.activeDevices, revoked: counts.revokedDevices },
      batchesStored: counts.batches,
      sinceStart: { ...stats },
    };
  });

  app.post(`${prefix}/devices/register`, async (request: FastifyRequest, reply: FastifyReply) => {
    const body = parse(registerDeviceRequestSchema, request.body, 'registration');
    const { keys, serverTime } = await proveNewDevice(request, body, 'registration', () => {
      const expected = bootstrapTokens.get(body.facilityId);
      if (expected === undefined || !secretsEqual(expected, body.bootstrapToken)) {
        throw new SyncHttpError('BAD_BOOTSTRAP_TOKEN', 'Unknown facility or wrong bootstrap token');
      }
    });
    const result = await storage.registerDevice({
      id: keys.deviceId,
      facilityId: body.facilityId,
      kind: 'workstation',
      publicKey: keys.publicKey,
      boxPublicKey: keys.boxPublicKey,
      enrolledAt: serverTime,
    });
    if (result.kind === 'created') {
      stats.registrations += 1;
      return reply.code(201).send(deviceInfo(result.device));
    }
    return reply.code(200).send(deviceInfo(await confirmReregistration(result.device, body.facilityId, keys)));
  });

  /** A device registering again with the same keys is a retry; with other keys, a takeover attempt. */
  async function confirmReregistration(
    existing: DeviceRecord,
    facilityId: string,
    keys: DecodedDeviceKeys,
  ): Promise<DeviceRecord> {
    if (existing.status !== 'active') throw new SyncHttpError('DEVICE_REVOKED', 'This device has been revoked');
    const sameSigningKey =
      existing.facilityId === facilityId &&
      existing.kind === 'workstation' &&
      existing.publicKey.equals(keys.publicKey);
    if (sameSigningKey && existing.boxPublicKey === null) {
      // Registered before the server knew box keys: the same signing key may now add one, once.
      const upgraded = await storage.setBoxPublicKey(existing.id, keys.boxPublicKey);
      if (upgraded?.boxPublicKey?.equals(keys.boxPublicKey)) return upgraded;
    } else if (sameSigningKey && existing.boxPublicKey?.equals(keys.boxPublicKey)) {
      return existing;
    }
    throw new SyncHttpError('CONFLICT', 'This device id is already registered with other keys');
  }

  app.get(
    `${prefix}/devices`,
    { preHandler: authenticate },
    async (request: FastifyRequest): Promise<DeviceListResponse> => {
      const caller = authenticated(request);
      const devices = await storage.listDevices(caller.facilityId);
      return { devices: devices.map(deviceInfo) };
    },
  );

  app.post(
    `${prefix}/devices/:id/revoke`,
    { preHandler: authenticate },
    async (request: FastifyRequest): Promise<DeviceInfo> => {
      const caller = workstation(request, 'revoke devices');
      const id = parse(syncIdSchema, (request.params as { id?: unknown }).id, 'device id');
      parse(revokeDeviceRequestSchema, request.body ?? {}, 'revocation');
      const target = await storage.getDevice(id);
      if (!target || target.facilityId !== caller.facilityId) {
        throw new SyncHttpError('NOT_FOUND', 'No such device in this facility');
      }
      if (target.id === caller.id) {
        throw new SyncHttpError('CONFLICT', 'A device cannot revoke itself; use another workstation of the facility');
      }
      const revoked = await storage.revokeDevice(target.id, now());
      if (!revoked) throw new SyncHttpError('NOT_FOUND', 'No such device in this facility');
      stats.revocations += 1;
      return deviceInfo(revoked);
    },
  );

  app.post(`${prefix}/batches`, { preHandler: authenticate }, async (request: FastifyRequest, reply: FastifyReply) => {
    const device = workstation(request, 'push batches');
    const batch = parse(pushBodySchema, request.body, 'batch');
    if (batch.header.deviceId !== device.id) {
      throw new SyncHttpError('FORBIDDEN', 'The batch header names another device');
    }
    if (batch.header.facilityId !== device.facilityId) {
      throw new SyncHttpError('FORBIDDEN', "The batch header names another facility than the device's");
    }
    const ciphertext = decodeBase64Strict(batch.ciphertext);
    const signature = decodeBase64Strict(batch.signature);
    if (ciphertext === null || signature === null) {
      throw new SyncHttpError('VALIDATION', 'Invalid batch: ciphertext and signature must be canonical base64');
    }
    const signedBytes = canonicalBatchBytes(batch.header, ciphertext);
    if (!verifyEd25519(keys.get(device.id, device.publicKey), signedBytes, signature)) {
      throw new SyncHttpError('BAD_BATCH_SIGNATURE', "The batch signature does not verify with this device's key");
    }
    const result = await storage.appendBatch({
      facilityId: device.facilityId,
      deviceId: device.id,
      sequence: batch.header.sequence,
      headerJson: canonicalHeaderJson(batch.header),
      ciphertext,
      signature,
      receivedAt: now(),
    });
    switch (result.kind) {
      case 'stored': {
        stats.pushes += 1;
        // Checked canonical above: exactly the base64 every pull of this batch will send.
        ciphertexts.remember(device.facilityId, result.cursor, ciphertext, batch.ciphertext);
        const body: PushBatchResponse = { cursor: result.cursor, duplicate: false };
        return reply.code(201).send(body);
      }
      case 'duplicate': {
        stats.duplicatePushes += 1;
        const body: PushBatchResponse = { cursor: result.cursor, duplicate: true };
        return reply.code(200).send(body);
      }
      case 'conflict':
        throw new SyncHttpError(
          'SEQUENCE_CONFLICT',
          `Sequence ${batch.header.sequence} of this device already holds a different batch`,
        );
      case 'gap':
        throw new SyncHttpError(
          'SEQUENCE_GAP',
          `Batch sequences are gapless: expected ${result.expectedSequence}, got ${batch.header.sequence}`,
          { expectedSequence: result.expectedSequence },
        );
      case 'device-inactive':
        throw new SyncHttpError('DEVICE_REVOKED', 'This device has been revoked');
    }
  });

  app.get(`${prefix}/batches`, { preHandler: authenticate }, async (request: FastifyRequest, reply: FastifyReply) => {
    const device = workstation(request, 'pull batches');
    const query = parse(pullQuerySchema, request.query, 'query');
    const rows = await storage.listBatches(device.facilityId, query.after, query.limit + 1);
    stats.pulls += 1;
    const page = rows.slice(0, query.limit);
    // Written straight from the stored bytes: see pages.ts.
    const json = pullPageJson(device.facilityId, page, query.after, rows.length > query.limit, ciphertexts);
    return reply.type('application/json').send(json);
  });

  const redeemLimit = options.redeemRateLimit ?? DEFAULT_REDEEM_RATE_LIMIT;
  const context: RouteContext = {
    storage,
    now,
    stats,
    prefix,
    authenticate,
    authenticated,
    workstation,
    decodeDeviceKeys,
    proveNewDevice,
    redeemRateLimit:
      options.rateLimit === false
        ? false
        : { max: redeemLimit.max, timeWindow: redeemLimit.timeWindowMs, keyGenerator: (request) => request.ip },
  };
  registerKeyRoutes(app, context);

  return app;
}
