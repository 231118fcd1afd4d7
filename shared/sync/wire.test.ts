import { describe, expect, it } from 'vitest';
import {
  type BatchHeader,
  batchHeaderSchema,
  canonicalBatchBytes,
  canonicalHeaderJson,
  canonicalRequestBytes,
  createEnrollmentRequestSchema,
  DEFAULT_ENROLLMENT_TTL_SECONDS,
  deviceInfoSchema,
  envelopeSchema,
  pullQuerySchema,
  pushBatchRequestSchema,
  putKeyEnvelopesRequestSchema,
  redeemEnrollmentRequestSchema,
  redeemRecoveryRequestSchema,
  registerDeviceRequestSchema,
} from './wire';

const header: BatchHeader = {
  facilityId: 'f-1',
  deviceId: 'd-1',
  sequence: 1,
  keyId: 'k1',
  createdAt: '2026-01-02T03:04:05.000Z',
  changeCount: 3,
  hlcMin: '000000000001.0000.d-1',
  hlcMax: '000000000002.0000.d-1',
};
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('sync wire format', () => {
  it('encodes the header canonically, whatever the key order of the object', () => {
    const shuffled = Object.fromEntries(Object.entries(header).reverse()) as BatchHeader;
    expect(canonicalHeaderJson(shuffled)).toBe(canonicalHeaderJson(header));
    expect(canonicalHeaderJson(header).startsWith('{"facilityId":"f-1","deviceId":"d-1","sequence":1,')).toBe(true);
  });

  it('frames batch bytes with a domain tag that no request method line can produce', () => {
    const bytes = canonicalBatchBytes(header, new Uint8Array([0, 1, 2]));
    expect(text(bytes.subarray(0, 18))).toBe('zahanati/batch/v1\n');
    expect([...bytes.subarray(bytes.length - 3)]).toEqual([0, 1, 2]);
    expect(() =>
      canonicalRequestBytes({
        method: 'zahanati/batch/v1',
        path: '/',
        timestamp: 1,
        nonce: 'a',
        bodySha256Hex: '0'.repeat(64),
      }),
    ).toThrow();
  });

  it('builds the request string from method, path with query, timestamp, nonce and body hash', () => {
    const bytes = canonicalRequestBytes({
      method: 'GET',
      path: '/v1/batches?after=3',
      timestamp: 1700000000000,
      nonce: 'ab'.repeat(16),
      bodySha256Hex: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    expect(text(bytes)).toBe(
      `GET\n/v1/batches?after=3\n1700000000000\n${'ab'.repeat(16)}\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855`,
    );
    expect(() =>
      canonicalRequestBytes({ method: 'GET', path: '/a\nb', timestamp: 1, nonce: 'a', bodySha256Hex: '0'.repeat(64) }),
    ).toThrow();
  });

  it('validates headers, batches and pull queries strictly', () => {
    expect(batchHeaderSchema.safeParse(header).success).toBe(true);
    expect(batchHeaderSchema.safeParse({ ...header, sequence: 0 }).success).toBe(false);
    expect(batchHeaderSchema.safeParse({ ...header, extra: 1 }).success).toBe(false);
    expect(batchHeaderSchema.safeParse({ ...header, hlcMin: header.hlcMax, hlcMax: header.hlcMin }).success).toBe(
      false,
    );
    const signature = 'A'.repeat(86) + '==';
    expect(pushBatchRequestSchema.safeParse({ header, ciphertext: 'AAEC', signature }).success).toBe(true);
    expect(pushBatchRequestSchema.safeParse({ header, ciphertext: 'AAE', signature }).success).toBe(false);
    expect(pushBatchRequestSchema.safeParse({ header, ciphertext: 'AAEC', signature: 'AAAA' }).success).toBe(false);
    expect(pullQuerySchema.parse({})).toEqual({ after: 0, limit: 100 });
    expect(pullQuerySchema.safeParse({ after: '-1' }).success).toBe(false);
    expect(pullQuerySchema.safeParse({ limit: '501' }).success).toBe(false);
  });

  it('validates device keys, envelopes and enrollment requests strictly', () => {
    const key = 'A'.repeat(43) + '=';
    const keys = { deviceId: 'd-2', publicKey: key, boxPublicKey: key };
    const codeId = 'a'.repeat(64);
    const registration = { facilityId: 'f-1', ...keys, bootstrapToken: 't'.repeat(16) };
    expect(registerDeviceRequestSchema.safeParse(registration).success).toBe(true);
    expect(registerDeviceRequestSchema.safeParse({ ...registration, boxPublicKey: undefined }).success).toBe(false);
    expect(registerDeviceRequestSchema.safeParse({ ...registration, boxPublicKey: 'AAAA' }).success).toBe(false);

    expect(redeemEnrollmentRequestSchema.safeParse({ ...keys, codeId }).success).toBe(true);
    expect(redeemEnrollmentRequestSchema.safeParse({ ...keys, codeId: codeId.toUpperCase() }).success).toBe(false);
    expect(redeemEnrollmentRequestSchema.safeParse({ ...keys, codeId, facilityId: 'f-1' }).success).toBe(false);
    expect(redeemRecoveryRequestSchema.safeParse({ workstation: keys }).success).toBe(true);
    expect(redeemRecoveryRequestSchema.safeParse({ workstation: { ...keys, kind: 'recovery' } }).success).toBe(false);

    expect(envelopeSchema.safeParse('').success).toBe(false);
    expect(envelopeSchema.safeParse('A'.repeat(87_384)).success).toBe(true);
    expect(envelopeSchema.safeParse('A'.repeat(87_388)).success).toBe(false);
    const enrollment = { codeId, keyId: 'k1', envelope: 'AAAA' };
    expect(createEnrollmentRequestSchema.parse(enrollment).ttlSeconds).toBe(DEFAULT_ENROLLMENT_TTL_SECONDS);
    expect(createEnrollmentRequestSchema.safeParse({ ...enrollment, ttlSeconds: 59 }).success).toBe(false);
    expect(createEnrollmentRequestSchema.safeParse({ ...enrollment, ttlSeconds: 8 * 86_400 }).success).toBe(false);
    expect(putKeyEnvelopesRequestSchema.safeParse({ keyId: 'k1', envelopes: [] }).success).toBe(false);
  });

  it('describes devices with both public keys; only a pre-upgrade device lacks a box key', () => {
    const device = {
      deviceId: 'd-1',
      facilityId: 'f-1',
      kind: 'workstation',
      status: 'active',
      publicKey: 'A'.repeat(43) + '=',
      boxPublicKey: 'B'.repeat(43) + '=',
      enrolledAt: '2026-01-02T03:04:05.000Z',
      revokedAt: null,
    };
    expect(deviceInfoSchema.safeParse(device).success).toBe(true);
    expect(deviceInfoSchema.safeParse({ ...device, boxPublicKey: null }).success).toBe(true);
    expect(deviceInfoSchema.safeParse({ ...device, kind: 'server' }).success).toBe(false);
  });
});
