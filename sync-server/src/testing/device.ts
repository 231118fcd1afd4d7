/**
 * Test support: a simulated device speaking the wire format — an Ed25519 key
 * for signatures, an X25519 key to which envelopes are sealed, signed
 * requests, and batches encrypted with AES-256-GCM (header as AAD) and signed
 * like the real sync client will.
 *
 * The envelope format here (ephemeral X25519 → HKDF-SHA256 → AES-256-GCM, or a
 * code → HKDF → AES-256-GCM) is this file's own: the server treats envelopes
 * as opaque bytes, so tests only need them to be real ciphertext.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import {
  AUTH_HEADERS,
  canonicalBatchBytes,
  canonicalHeaderBytes,
  canonicalRequestBytes,
  type BatchHeader,
  type NewDeviceKeys,
  type PushBatchRequest,
} from '../../../shared/sync/wire';
import { encodeHlc } from '../../../shared/sync/hlc';
import { rawFromPublicKey, sha256Hex } from '../auth';

export interface SignOptions {
  /** Shift the request timestamp (ms), e.g. to simulate a wrong clock. */
  timestampOffsetMs?: number;
  /** Sign with this key instead of the device's own (a forgery). */
  signingKey?: KeyObject;
  nonce?: string;
  /** Send these bytes instead of the signed body (tampering in transit). */
  sendBody?: string;
}

export interface Sent {
  status: number;
  body: unknown;
  headers: Headers;
}

/** DER prefix of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const ENVELOPE_INFO = 'zahanati-test-envelope';

function aesSeal(key: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
}

function aesOpen(key: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
}

function hkdfKey(secret: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, ENVELOPE_INFO, 32));
}

/** Seals `plaintext` to an X25519 public key (raw, base64): ephemeral public key ‖ AES-256-GCM sealed bytes. */
export function sealToBoxKey(boxPublicKeyB64: string, plaintext: string): string {
  const recipient = createPublicKey({
    key: Buffer.concat([X25519_SPKI_PREFIX, Buffer.from(boxPublicKeyB64, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralRaw = rawFromPublicKey(ephemeral.publicKey);
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
  return Buffer.concat([ephemeralRaw, aesSeal(hkdfKey(shared, ephemeralRaw), plaintext)]).toString('base64');
}

/** Seals `plaintext` to a one-time enrollment code (test stand-in for the client's code envelope). */
export function sealToCode(code: string, plaintext: string): string {
  const salt = randomBytes(16);
  return Buffer.concat([salt, aesSeal(hkdfKey(Buffer.from(code, 'utf8'), salt), plaintext)]).toString('base64');
}

export function openWithCode(code: string, envelopeB64: string): string {
  const bytes = Buffer.from(envelopeB64, 'base64');
  const salt = bytes.subarray(0, 16);
  return aesOpen(hkdfKey(Buffer.from(code, 'utf8'), salt), bytes.subarray(16));
}

/** How the server knows a code: the SHA-256 of the code (lower-case hex). */
export function codeIdOf(code: string): string {
  return sha256Hex(Buffer.from(code, 'utf8'));
}

export class TestDevice {
  readonly publicKey: KeyObject;
  /** Exposed so tests can forge with one device's key against another. */
  readonly privateKey: KeyObject;
  readonly boxPublicKey: KeyObject;
  private readonly boxPrivateKey: KeyObject;

  constructor(
    readonly id: string,
    readonly facilityId: string,
  ) {
    const pair = generateKeyPairSync('ed25519');
    this.publicKey = pair.publicKey;
    this.privateKey = pair.privateKey;
    const box = generateKeyPairSync('x25519');
    this.boxPublicKey = box.publicKey;
    this.boxPrivateKey = box.privateKey;
  }

  get publicKeyB64(): string {
    return rawFromPublicKey(this.publicKey).toString('base64');
  }

  get boxPublicKeyB64(): string {
    return rawFromPublicKey(this.boxPublicKey).toString('base64');
  }

  /** The keys a new device registers (enrollment, recovery). */
  get keys(): NewDeviceKeys {
    return { deviceId: this.id, publicKey: this.publicKeyB64, boxPublicKey: this.boxPublicKeyB64 };
  }

  /** Opens an envelope sealed to this device's box key by `sealToBoxKey`. */
  openEnvelope(envelopeB64: string): string {
    const bytes = Buffer.from(envelopeB64, 'base64');
    const ephemeralRaw = bytes.subarray(0, 32);
    const ephemeral = createPublicKey({
      key: Buffer.concat([X25519_SPKI_PREFIX, ephemeralRaw]),
      format: 'der',
      type: 'spki',
    });
    const shared = diffieHellman({ privateKey: this.boxPrivateKey, publicKey: ephemeral });
    return aesOpen(hkdfKey(shared, ephemeralRaw), bytes.subarray(32));
  }

  /** Builds the headers and body of a signed request without sending it (for replays). */
  prepare(method: string, path: string, body: unknown, options: SignOptions = {}) {
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const timestamp = Date.now() + (options.timestampOffsetMs ?? 0);
    const nonce = options.nonce ?? randomBytes(16).toString('hex');
    const signature = sign(
      null,
      canonicalRequestBytes({ method, path, timestamp, nonce, bodySha256Hex: sha256Hex(Buffer.from(bodyText)) }),
      options.signingKey ?? this.privateKey,
    ).toString('base64');
    const headers: Record<string, string> = {
      [AUTH_HEADERS.device]: this.id,
      [AUTH_HEADERS.timestamp]: String(timestamp),
      [AUTH_HEADERS.nonce]: nonce,
      [AUTH_HEADERS.signature]: signature,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return { method, path, headers, body: options.sendBody ?? (body === undefined ? undefined : bodyText) };
  }

  async send(baseUrl: string, prepared: ReturnType<TestDevice['prepare']>): Promise<Sent> {
    const init: RequestInit = { method: prepared.method, headers: prepared.headers };
    if (prepared.body !== undefined) init.body = prepared.body;
    const response = await fetch(baseUrl + prepared.path, init);
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      headers: response.headers,
    };
  }

  request(baseUrl: string, method: string, path: string, body?: unknown, options?: SignOptions): Promise<Sent> {
    return this.send(baseUrl, this.prepare(method, path, body, options));
  }

  register(baseUrl: string, bootstrapToken: string, options?: SignOptions): Promise<Sent> {
    return this.request(
      baseUrl,
      'POST',
      '/v1/devices/register',
      {
        facilityId: this.facilityId,
        deviceId: this.id,
        publicKey: this.publicKeyB64,
        boxPublicKey: this.boxPublicKeyB64,
        bootstrapToken,
      },
      options,
    );
  }

  /** Encrypts `plaintext` (AES-256-GCM, header as AAD) and signs header + ciphertext. */
  makeBatch(sequence: number, plaintext: string, dataKey: Buffer): PushBatchRequest {
    const wall = Date.now();
    const header: BatchHeader = {
      facilityId: this.facilityId,
      deviceId: this.id,
      sequence,
      keyId: 'k1',
      createdAt: new Date(wall).toISOString(),
      changeCount: 1,
      hlcMin: encodeHlc({ wallMs: wall, counter: 0, node: this.id }),
      hlcMax: encodeHlc({ wallMs: wall, counter: 1, node: this.id }),
    };
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
    cipher.setAAD(canonicalHeaderBytes(header));
    const sealed = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return this.signBatch(header, sealed);
  }

  signBatch(header: BatchHeader, ciphertext: Buffer): PushBatchRequest {
    const signature = sign(null, canonicalBatchBytes(header, ciphertext), this.privateKey);
    return { header, ciphertext: ciphertext.toString('base64'), signature: signature.toString('base64') };
  }
}

export function openBatch(header: BatchHeader, ciphertextB64: string, dataKey: Buffer): string {
  const sealed = Buffer.from(ciphertextB64, 'base64');
  const iv = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, iv);
  decipher.setAAD(canonicalHeaderBytes(header));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]).toString('utf8');
}
