/**
 * What the route modules share with the server that registers them: storage, clock, counters
 * and the authentication steps, so every route authenticates the same way.
 */
import { type FastifyRequest } from 'fastify';
import { type DeviceInfo, type NewDeviceKeys } from '../../shared/sync/wire';
import { type DeviceRecord, type SyncStorage } from './storage/storage';

/** Counters since the server started, served by /v1/metrics: counts only, never ids. */
export interface ServerStats {
  pushes: number;
  duplicatePushes: number;
  pulls: number;
  registrations: number;
  revocations: number;
  authFailures: number;
  keyEnvelopesStored: number;
  enrollmentsCreated: number;
  enrollmentsRedeemed: number;
  enrollmentsRefused: number;
  recoveryKitsRegistered: number;
  recoveries: number;
}

/** A device's keys from a request body, decoded and checked. */
export interface DecodedDeviceKeys {
  deviceId: string;
  /** Raw Ed25519 public key, 32 bytes. */
  publicKey: Buffer;
  /** Raw X25519 public key, 32 bytes. */
  boxPublicKey: Buffer;
}

export interface RouteContext {
  storage: SyncStorage;
  now: () => number;
  stats: ServerStats;
  /** `/v1` */
  prefix: string;
  /** Pre-handler: the request is signed by a registered, active device (any kind). */
  authenticate(request: FastifyRequest): Promise<void>;
  /** The device the pre-handler authenticated. */
  authenticated(request: FastifyRequest): DeviceRecord;
  /** The authenticated device, which must be a workstation: recovery devices may not `action`. */
  workstation(request: FastifyRequest, action: string): DeviceRecord;
  decodeDeviceKeys(keys: NewDeviceKeys, what: string): DecodedDeviceKeys;
  /**
   * A device that is not registered yet proves possession of its key: the request is fresh, signed
   * with the Ed25519 key in the body (`x-zahanati-device` = its id), and its nonce unused.
   * `authorize` runs after the signature checks out and before the nonce is recorded.
   */
  proveNewDevice(
    request: FastifyRequest,
    keys: NewDeviceKeys,
    what: string,
    authorize?: () => void,
  ): Promise<{ keys: DecodedDeviceKeys; serverTime: number }>;
  /** Per-route rate limit for code redemption (per IP: a guesser can claim any device id), or none. */
  redeemRateLimit: { max: number; timeWindow: number; keyGenerator: (request: FastifyRequest) => string } | false;
}

export function deviceInfo(d: DeviceRecord): DeviceInfo {
  return {
    deviceId: d.id,
    facilityId: d.facilityId,
    kind: d.kind,
    status: d.status,
    publicKey: d.publicKey.toString('base64'),
    boxPublicKey: d.boxPublicKey === null ? null : d.boxPublicKey.toString('base64'),
    enrolledAt: new Date(d.enrolledAt).toISOString(),
    revokedAt: d.revokedAt === null ? null : new Date(d.revokedAt).toISOString(),
  };
}
