/**
 * Keys and workstations: sealed keyring envelopes, one-time enrollment codes and the recovery kit.
 *
 * The server only ever holds the facility keyring sealed on a workstation — to a device's X25519
 * key, or to an enrollment code that the server knows only by its SHA-256 (`codeId`). It checks
 * who may store and fetch which envelope; it cannot open any of them.
 */
import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  createEnrollmentRequestSchema,
  putKeyEnvelopesRequestSchema,
  redeemEnrollmentRequestSchema,
  redeemRecoveryRequestSchema,
  registerRecoveryRequestSchema,
  type CreateEnrollmentResponse,
  type KeyEnvelopeResponse,
  type PutKeyEnvelopesResponse,
  type RedeemEnrollmentResponse,
} from '../../shared/sync/wire';
import { decodeBase64Strict } from './auth';
import { type RouteContext, deviceInfo } from './context';
import { SyncHttpError, parse } from './errors';
import { type PutEnvelopesResult, type SealedEnvelope, sameActiveDevice } from './storage/storage';

function decodeEnvelope(envelope: string, what: string): Buffer {
  const bytes = decodeBase64Strict(envelope);
  if (bytes === null) throw new SyncHttpError('VALIDATION', `Invalid ${what}: the envelope must be canonical base64`);
  return bytes;
}

function sealedResponse(facilityId: string, sealed: SealedEnvelope): RedeemEnrollmentResponse {
  return { facilityId, keyId: sealed.keyId, envelope: sealed.envelope.toString('base64') };
}

/** Why an upload was refused, for the uploader; nothing of it was stored. */
function refusePut(result: Exclude<PutEnvelopesResult, { kind: 'stored' }>): never {
  const nothing = 'nothing was stored';
  switch (result.kind) {
    case 'caller-inactive':
      throw new SyncHttpError('DEVICE_REVOKED', 'This device has been revoked');
    case 'not-in-facility':
      throw new SyncHttpError('FORBIDDEN', `Device ${result.deviceId} is not a device of this facility; ${nothing}`);
    case 'revoked':
      throw new SyncHttpError(
        'FORBIDDEN',
        `Device ${result.deviceId} is revoked and keys are never sealed to revoked devices; ${nothing}`,
      );
    case 'no-box-key':
      throw new SyncHttpError(
        'CONFLICT',
        `Device ${result.deviceId} has no box key yet (it must register again to add one); ${nothing}`,
      );
  }
}

export function registerKeyRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { storage, stats, prefix } = ctx;
  const signed = { preHandler: ctx.authenticate };

  app.put(`${prefix}/keys`, signed, async (request: FastifyRequest): Promise<PutKeyEnvelopesResponse> => {
    const caller = ctx.workstation(request, 'upload sealed keys');
    const body = parse(putKeyEnvelopesRequestSchema, request.body, 'key envelopes');
    const seen = new Set<string>();
    for (const { deviceId } of body.envelopes) {
      if (seen.has(deviceId)) throw new SyncHttpError('VALIDATION', `Invalid key envelopes: ${deviceId} appears twice`);
      seen.add(deviceId);
    }
    const result = await storage.putEnvelopes({
      facilityId: caller.facilityId,
      sealedBy: caller.id,
      keyId: body.keyId,
      envelopes: body.envelopes.map((e) => ({
        deviceId: e.deviceId,
        envelope: decodeEnvelope(e.envelope, 'key envelopes'),
      })),
      at: ctx.now(),
    });
    if (result.kind !== 'stored') refusePut(result);
    stats.keyEnvelopesStored += result.count;
    return { stored: result.count };
  });

  app.get(`${prefix}/keys`, signed, async (request: FastifyRequest): Promise<KeyEnvelopeResponse> => {
    const caller = ctx.authenticated(request);
    const sealed = await storage.getEnvelope(caller.id);
    return sealed
      ? { keyId: sealed.keyId, envelope: sealed.envelope.toString('base64') }
      : { keyId: null, envelope: null };
  });

  app.post(`${prefix}/enrollments`, signed, async (request: FastifyRequest, reply: FastifyReply) => {
    const caller = ctx.workstation(request, 'create enrollment codes');
    const body = parse(createEnrollmentRequestSchema, request.body, 'enrollment');
    const createdAt = ctx.now();
    // The server's clock decides expiry: a workstation's clock may be days off.
    const expiresAt = createdAt + body.ttlSeconds * 1000;
    const result = await storage.createEnrollment({
      codeId: body.codeId,
      facilityId: caller.facilityId,
      createdBy: caller.id,
      keyId: body.keyId,
      envelope: decodeEnvelope(body.envelope, 'enrollment'),
      createdAt,
      expiresAt,
    });
    if (result.kind === 'caller-inactive') throw new SyncHttpError('DEVICE_REVOKED', 'This device has been revoked');
    if (result.kind === 'exists') {
      throw new SyncHttpError('CONFLICT', 'This enrollment code is already in use; make a new code');
    }
    stats.enrollmentsCreated += 1;
    const response: CreateEnrollmentResponse = { expiresAt: new Date(expiresAt).toISOString() };
    return reply.code(201).send(response);
  });

  app.post(
    `${prefix}/enrollments/redeem`,
    { config: { rateLimit: ctx.redeemRateLimit } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const body = parse(redeemEnrollmentRequestSchema, request.body, 'enrollment redemption');
      const { keys, serverTime } = await ctx.proveNewDevice(request, body, 'enrollment redemption');
      const result = await storage.redeemEnrollment(body.codeId, {
        id: keys.deviceId,
        publicKey: keys.publicKey,
        boxPublicKey: keys.boxPublicKey,
        enrolledAt: serverTime,
      });
      if (result.kind !== 'redeemed') stats.enrollmentsRefused += 1;
      switch (result.kind) {
        case 'unknown':
          throw new SyncHttpError(
            'ENROLLMENT_UNKNOWN',
            'No such enrollment code; check it or ask an admin for a new one',
          );
        case 'expired':
          throw new SyncHttpError('ENROLLMENT_EXPIRED', 'This enrollment code has expired; ask an admin for a new one');
        case 'used':
          throw new SyncHttpError(
            'ENROLLMENT_USED',
            'This enrollment code was already used; ask an admin for a new one',
          );
        case 'device-exists':
          throw new SyncHttpError(
            'CONFLICT',
            'This device id is already registered; the code was not used — enroll with a new device id',
          );
        case 'redeemed':
          if (!result.retry) stats.enrollmentsRedeemed += 1;
          return reply.code(result.retry ? 200 : 201).send(sealedResponse(result.facilityId, result.sealed));
      }
    },
  );

  app.post(`${prefix}/recovery/register`, signed, async (request: FastifyRequest, reply: FastifyReply) => {
    const caller = ctx.workstation(request, 'register a recovery kit');
    const body = parse(registerRecoveryRequestSchema, request.body, 'recovery registration');
    // The kit cannot sign here (the workstation does), so its keys are taken on the workstation's word.
    const keys = ctx.decodeDeviceKeys(body, 'recovery registration');
    const device = {
      id: keys.deviceId,
      facilityId: caller.facilityId,
      kind: 'recovery' as const,
      publicKey: keys.publicKey,
      boxPublicKey: keys.boxPublicKey,
      enrolledAt: ctx.now(),
    };
    const result = await storage.registerRecovery(device, caller.id);
    switch (result.kind) {
      case 'caller-inactive':
        throw new SyncHttpError('DEVICE_REVOKED', 'This device has been revoked');
      case 'exists':
        if (!sameActiveDevice(result.device, device)) {
          throw new SyncHttpError('CONFLICT', 'This device id is already registered; make a new recovery kit');
        }
        return reply.code(200).send(deviceInfo(result.device));
      case 'created':
        stats.recoveryKitsRegistered += 1;
        return reply.code(201).send(deviceInfo(result.device));
    }
  });

  app.post(`${prefix}/recovery/redeem`, signed, async (request: FastifyRequest, reply: FastifyReply) => {
    const caller = ctx.authenticated(request);
    if (caller.kind !== 'recovery') {
      throw new SyncHttpError('FORBIDDEN', 'Only a recovery kit may redeem recovery; enroll workstations with a code');
    }
    const body = parse(redeemRecoveryRequestSchema, request.body, 'recovery');
    const keys = ctx.decodeDeviceKeys(body.workstation, 'recovery');
    const result = await storage.redeemRecovery(caller.id, {
      id: keys.deviceId,
      publicKey: keys.publicKey,
      boxPublicKey: keys.boxPublicKey,
      enrolledAt: ctx.now(),
    });
    switch (result.kind) {
      case 'recovery-inactive':
        throw new SyncHttpError('DEVICE_REVOKED', 'This recovery kit has been revoked');
      case 'no-envelope':
        throw new SyncHttpError(
          'NOT_FOUND',
          'No keys have been sealed to this recovery kit yet; a workstation of the facility must seal them first',
        );
      case 'device-exists':
        throw new SyncHttpError('CONFLICT', 'The workstation id is already registered; use a new one');
      case 'redeemed':
        if (!result.retry) stats.recoveries += 1;
        return reply.code(result.retry ? 200 : 201).send(sealedResponse(result.device.facilityId, result.sealed));
    }
  });
}
