/**
 * Ed25519 helpers (node:crypto only) and the request-signature check.
 */
import { createHash, createPublicKey, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error('An Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function rawFromPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

export function verifyEd25519(key: KeyObject, data: Uint8Array, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Strict base64: decodes only text that re-encodes to itself, so one byte string has one accepted spelling. */
export function decodeBase64Strict(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Constant-time comparison of secrets of any length (compares their SHA-256 digests). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** A small cache of parsed device keys; revocation is checked against storage on every request. */
export class KeyCache {
  private readonly keys = new Map<string, { raw: Buffer; key: KeyObject }>();
  constructor(private readonly capacity = 1_000) {}

  get(deviceId: string, raw: Buffer): KeyObject {
    const hit = this.keys.get(deviceId);
    if (hit && hit.raw.equals(raw)) return hit.key;
    const key = publicKeyFromRaw(raw);
    if (this.keys.size >= this.capacity) {
      const oldest = this.keys.keys().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    this.keys.set(deviceId, { raw, key });
    return key;
  }
}
