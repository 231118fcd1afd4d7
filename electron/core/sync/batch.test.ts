import { describe, expect, it } from 'vitest';
import { encodeHlc } from '../../../shared/sync/hlc';
import {
  cutBatch,
  isWireChange,
  MAX_BATCH_BYTES,
  openBatch,
  parsePayload,
  sealBatch,
  type LoggedChange,
} from './batch';
import { generateDeviceKeys, newDataKey, publicKeyFromRaw } from './crypto';
import { MESSAGES, SyncError } from './errors';

const DEVICE = 'ws-1';
const key = { keyId: 'k-1', key: newDataKey(), generation: 1, createdAt: '2026-11-22T08:00:00.000Z' };

function change(seq: number, body = 'x'): LoggedChange {
  return {
    seq,
    table_name: 'vital_signs',
    row_id: `row-${seq}`,
    op: 'insert',
    data: JSON.stringify({ id: `row-${seq}`, body }),
    hlc: encodeHlc({ wallMs: 1_800_000_000_000, counter: seq, node: DEVICE }),
    base: null,
  };
}

describe('cutting batches', () => {
  it('bounds a batch by count and by bytes, always taking at least one change', () => {
    const many = Array.from({ length: 50 }, (_, i) => change(i + 1));
    expect(cutBatch(many, 20).changes).toHaveLength(20);
    const big = Array.from({ length: 5 }, (_, i) => change(i + 1, 'y'.repeat(200_000)));
    const cut = cutBatch(big);
    expect(cut.changes).toHaveLength(2);
    expect(Buffer.byteLength(cut.json)).toBeLessThanOrEqual(MAX_BATCH_BYTES + 100);
    expect(cutBatch([change(1, 'z'.repeat(MAX_BATCH_BYTES * 2))]).changes).toHaveLength(1);
  });

  it('seals so that the base64 of a full batch of random data stays under the server body limit', () => {
    const noise = (n: number) =>
      Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256))).toString('latin1');
    const changes = Array.from({ length: 40 }, (_, i) => change(i + 1, noise(20_000)));
    const keys = generateDeviceKeys();
    const sealed = sealBatch(
      cutBatch(changes),
      { facilityId: 'f-1', deviceId: DEVICE, sequence: 1, key, createdAt: new Date() },
      keys.signPrivate,
    );
    expect(Math.ceil(sealed.ciphertext.length / 3) * 4).toBeLessThan(900 * 1024);
  });
});

describe('opening batches', () => {
  const keys = generateDeviceKeys();
  const sealed = sealBatch(
    cutBatch([change(1), change(2)]),
    { facilityId: 'f-1', deviceId: DEVICE, sequence: 1, key, createdAt: new Date('2026-11-22T08:00:00Z') },
    keys.signPrivate,
  );
  const stored = {
    cursor: 1,
    header: sealed.header,
    ciphertext: sealed.ciphertext.toString('base64'),
    signature: sealed.signature.toString('base64'),
  };
  const context = {
    facilityId: 'f-1',
    devicePublicKey: (id: string) => (id === DEVICE ? publicKeyFromRaw('ed25519', keys.signPublic) : null),
    dataKey: (id: string) => (id === key.keyId ? key : null),
  };

  it('round-trips the changes', () => {
    expect(openBatch(stored, context).map((c) => c.r)).toEqual(['row-1', 'row-2']);
  });

  const refusal = (batch: typeof stored, ctx = context) => {
    try {
      openBatch(batch, ctx);
      return null;
    } catch (error) {
      return error instanceof SyncError ? error.message : 'not a SyncError';
    }
  };

  it('refuses another facility, an unknown device, an altered header or an unknown key', () => {
    expect(refusal(stored, { ...context, facilityId: 'f-2' })).toBe(MESSAGES.wrongFacility);
    expect(refusal(stored, { ...context, devicePublicKey: () => null })).toBe(MESSAGES.unknownDevice(DEVICE));
    expect(refusal({ ...stored, header: { ...stored.header, sequence: 2 } })).toBe(MESSAGES.badSignature(DEVICE));
    expect(refusal(stored, { ...context, dataKey: () => null })).toBe(MESSAGES.unknownKey(DEVICE));
  });

  it('refuses a signed, sealed batch whose header does not match its changes', () => {
    const cut = cutBatch([change(1), change(2)]);
    const lying = sealBatch(
      { changes: [change(1), change(2), change(3)], json: cut.json },
      { facilityId: 'f-1', deviceId: DEVICE, sequence: 2, key, createdAt: new Date('2026-11-22T08:00:00Z') },
      keys.signPrivate,
    );
    const batch = {
      cursor: 2,
      header: lying.header,
      ciphertext: lying.ciphertext.toString('base64'),
      signature: lying.signature.toString('base64'),
    };
    expect(refusal(batch)).toBe(MESSAGES.unreadable(DEVICE));
  });
});

describe('the change validator', () => {
  const valid = {
    t: 'patients',
    r: 'row-1',
    o: 'update',
    h: '019a2b3c4d5e.0001.ws-1',
    d: { phone: '+254700000000', updated_at: '2026-11-22T08:00:00.000Z' },
    b: { phone: null, updated_at: '019a2b3c4d5e.0000.ws-1' },
  };

  it('accepts a well-formed change and refuses anything else', () => {
    expect(isWireChange(valid)).toBe(true);
    expect(isWireChange({ ...valid, b: null })).toBe(true);
    for (const bad of [
      { ...valid, extra: 1 },
      { ...valid, t: 'patients; DROP TABLE users' },
      { ...valid, o: 'truncate' },
      { ...valid, h: 'yesterday' },
      { ...valid, d: { 'phone = 1 --': 'x' } },
      { ...valid, d: { phone: { nested: true } } },
      { ...valid, d: { weight: Number.NaN } },
      { ...valid, b: { phone: 'not an hlc' } },
      { ...valid, r: '' },
    ]) {
      expect(isWireChange(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(parsePayload({ v: 1, changes: [valid] })).toHaveLength(1);
    expect(parsePayload({ v: 2, changes: [valid] })).toBeNull();
    expect(parsePayload({ v: 1, changes: [] })).toBeNull();
  });
});
