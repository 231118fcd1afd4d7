import { describe, expect, it } from 'vitest';
import {
  type BatchHeader,
  batchHeaderSchema,
  canonicalBatchBytes,
  canonicalHeaderJson,
  canonicalRequestBytes,
  pullQuerySchema,
  pushBatchRequestSchema,
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
});
