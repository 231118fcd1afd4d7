/**
 * Every cryptographic step of the sync client, on node:crypto primitives only:
 * AES-256-GCM for batches and sealed keyrings, Ed25519 signatures, X25519 key
 * agreement, HKDF-SHA256 for every derived key, and the human-typed secrets
 * (enrollment codes, recovery kits) in Crockford base32.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

// DER prefixes of the PKCS#8 / SPKI wrappings of raw 32-byte Ed25519 and X25519 keys (RFC 8410).
const PKCS8_PREFIX = {
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
} as const;
const SPKI_PREFIX = {
  ed25519: Buffer.from('302a300506032b6570032100', 'hex'),
  x25519: Buffer.from('302a300506032b656e032100', 'hex'),
} as const;

type Curve = keyof typeof SPKI_PREFIX;

// ---------------------------------------------------------------------------
// Device keys

export interface DeviceKeys {
  /** Ed25519: signs requests and batches. */
  readonly signPrivate: KeyObject;
  readonly signPublic: Buffer;
  /** X25519: other workstations seal the facility keyring to it. */
  readonly boxPrivate: KeyObject;
  readonly boxPublic: Buffer;
}

export function generateDeviceKeys(): DeviceKeys {
  const signing = generateKeyPairSync('ed25519');
  const box = generateKeyPairSync('x25519');
  return {
    signPrivate: signing.privateKey,
    signPublic: rawPublicKey(signing.publicKey),
    boxPrivate: box.privateKey,
    boxPublic: rawPublicKey(box.publicKey),
  };
}

/** Keys from two 32-byte seeds (a recovery kit's, derived from its secret). */
export function deviceKeysFromSeeds(signSeed: Buffer, boxSeed: Buffer): DeviceKeys {
  const signPrivate = privateKeyFromSeed('ed25519', signSeed);
  const boxPrivate = privateKeyFromSeed('x25519', boxSeed);
  return {
    signPrivate,
    signPublic: rawPublicKey(createPublicKey(signPrivate)),
    boxPrivate,
    boxPublic: rawPublicKey(createPublicKey(boxPrivate)),
  };
}

export function exportPrivateKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'pkcs8' });
}

export function importDeviceKeys(signPkcs8: Buffer, boxPkcs8: Buffer): DeviceKeys {
  const signPrivate = createPrivateKey({ key: signPkcs8, format: 'der', type: 'pkcs8' });
  const boxPrivate = createPrivateKey({ key: boxPkcs8, format: 'der', type: 'pkcs8' });
  return {
    signPrivate,
    signPublic: rawPublicKey(createPublicKey(signPrivate)),
    boxPrivate,
    boxPublic: rawPublicKey(createPublicKey(boxPrivate)),
  };
}

function privateKeyFromSeed(curve: Curve, seed: Buffer): KeyObject {
  if (seed.length !== KEY_BYTES) throw new Error('A key seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX[curve], seed]), format: 'der', type: 'pkcs8' });
}

export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - KEY_BYTES);
}

export function publicKeyFromRaw(curve: Curve, raw: Buffer): KeyObject {
  if (raw.length !== KEY_BYTES) throw new Error('A public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX[curve], raw]), format: 'der', type: 'spki' });
}

export function signBytes(key: KeyObject, data: Uint8Array): Buffer {
  return sign(null, data, key);
}

export function verifySignature(publicKey: KeyObject, data: Uint8Array, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// AES-256-GCM: iv ‖ ciphertext ‖ tag

export function aesGcmSeal(key: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  if (key.length !== KEY_BYTES) throw new Error('An AES-256 key is 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

/** Null when the bytes, the key or the associated data do not match: never a partial plaintext. */
export function aesGcmOpen(key: Buffer, sealed: Buffer, aad: Uint8Array): Buffer | null {
  if (key.length !== KEY_BYTES || sealed.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

export function hkdf(ikm: Uint8Array, salt: string | Uint8Array, info: string, length = KEY_BYTES): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

// ---------------------------------------------------------------------------
// Sealed envelopes (the keyring on the server)

const ENVELOPE_TO_DEVICE = 0x01;
const ENVELOPE_TO_SECRET = 0x02;
const DEVICE_ENVELOPE_INFO = 'zahanati/keyring-envelope/v1';
const SECRET_ENVELOPE_INFO = 'zahanati/enrollment-envelope/v1';

const encoder = new TextEncoder();
const deviceEnvelopeAad = (facilityId: string, deviceId: string) =>
  encoder.encode(`${DEVICE_ENVELOPE_INFO}\n${facilityId}\n${deviceId}`);

/**
 * Seals to a device's X25519 key: a fresh ephemeral key agrees a secret with
 * it, HKDF turns that into an AES-256-GCM key, and the facility and recipient
 * are bound as associated data, so an envelope cannot be replayed to another
 * device or facility. Layout: 0x01 ‖ ephemeral public key (32) ‖ iv ‖ ct ‖ tag.
 */
export function sealToDevice(
  plaintext: Uint8Array,
  recipientBoxPublic: Buffer,
  to: { facilityId: string; deviceId: string },
): Buffer {
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublicKey(ephemeral.publicKey);
  const key = envelopeKey(ephemeral.privateKey, recipientBoxPublic, ephemeralPublic, recipientBoxPublic);
  const sealed = aesGcmSeal(key, plaintext, deviceEnvelopeAad(to.facilityId, to.deviceId));
  return Buffer.concat([Buffer.from([ENVELOPE_TO_DEVICE]), ephemeralPublic, sealed]);
}

export function openFromDevice(
  envelope: Buffer,
  boxPrivate: KeyObject,
  to: { facilityId: string; deviceId: string },
): Buffer | null {
  if (envelope.length < 1 + KEY_BYTES + IV_BYTES + TAG_BYTES || envelope[0] !== ENVELOPE_TO_DEVICE) return null;
  const ephemeralPublic = envelope.subarray(1, 1 + KEY_BYTES);
  const ownPublic = rawPublicKey(createPublicKey(boxPrivate));
  let key: Buffer;
  try {
    key = envelopeKey(boxPrivate, ephemeralPublic, ephemeralPublic, ownPublic);
  } catch {
    return null;
  }
  return aesGcmOpen(key, envelope.subarray(1 + KEY_BYTES), deviceEnvelopeAad(to.facilityId, to.deviceId));
}

function envelopeKey(privateKey: KeyObject, peerPublic: Buffer, ephemeralPublic: Buffer, recipientPublic: Buffer) {
  const shared = diffieHellman({ privateKey, publicKey: publicKeyFromRaw('x25519', peerPublic) });
  return hkdf(shared, Buffer.concat([ephemeralPublic, recipientPublic]), DEVICE_ENVELOPE_INFO);
}

/** Seals with a key derived from a typed secret (an enrollment code). Layout: 0x02 ‖ iv ‖ ct ‖ tag. */
export function sealWithSecretKey(plaintext: Uint8Array, key: Buffer, facilityId: string): Buffer {
  const sealed = aesGcmSeal(key, plaintext, encoder.encode(`${SECRET_ENVELOPE_INFO}\n${facilityId}`));
  return Buffer.concat([Buffer.from([ENVELOPE_TO_SECRET]), sealed]);
}

export function openWithSecretKey(envelope: Buffer, key: Buffer, facilityId: string): Buffer | null {
  if (envelope.length < 1 + IV_BYTES + TAG_BYTES || envelope[0] !== ENVELOPE_TO_SECRET) return null;
  return aesGcmOpen(key, envelope.subarray(1), encoder.encode(`${SECRET_ENVELOPE_INFO}\n${facilityId}`));
}

// ---------------------------------------------------------------------------
// Typed secrets: Crockford base32, grouped for reading aloud

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCrockford(length: number): string {
  // 32 symbols: each random byte's low five bits pick one, without bias.
  return [...randomBytes(length)].map((byte) => CROCKFORD[byte & 31]).join('');
}

const group = (text: string, size = 4): string => text.match(new RegExp(`.{1,${size}}`, 'g'))?.join('-') ?? '';

/** Upper-cases, drops dashes and spaces, reads the look-alikes O as 0 and I, L as 1; null if anything else is off. */
function normalizeCrockford(typed: string, length: number): string | null {
  const text = typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (text.length !== length || [...text].some((char) => !CROCKFORD.includes(char))) return null;
  return text;
}

/** 24 symbols × 5 bits = 120 bits: far beyond guessing within a code's lifetime and the server's rate limit. */
const ENROLLMENT_CODE_LENGTH = 24;
const ENROLLMENT_SALT = 'zahanati/enrollment/v1';

export function newEnrollmentCode(): string {
  return group(randomCrockford(ENROLLMENT_CODE_LENGTH));
}

export interface EnrollmentSecrets {
  /** What the server knows the code by: cannot be turned back into the code. */
  codeId: string;
  /** Opens the keyring sealed to the code. */
  envelopeKey: Buffer;
}

export function enrollmentSecrets(code: string): EnrollmentSecrets | null {
  const normalized = normalizeCrockford(code, ENROLLMENT_CODE_LENGTH);
  if (normalized === null) return null;
  const ikm = encoder.encode(normalized);
  return {
    codeId: hkdf(ikm, ENROLLMENT_SALT, 'code-id').toString('hex'),
    envelopeKey: hkdf(ikm, ENROLLMENT_SALT, 'envelope-key'),
  };
}

/** 52 symbols: 260 bits from 32 random bytes' worth of entropy (each symbol 5 random bits). */
const RECOVERY_SECRET_LENGTH = 52;
const RECOVERY_SALT = 'zahanati/recovery/v1';

export function newRecoverySecret(): string {
  return group(randomCrockford(RECOVERY_SECRET_LENGTH));
}

export interface RecoveryIdentity {
  deviceId: string;
  keys: DeviceKeys;
}

/** The recovery device of a kit: the same id and keys whenever the same secret is typed for the same facility. */
export function recoveryIdentity(secret: string, facilityId: string): RecoveryIdentity | null {
  const normalized = normalizeCrockford(secret, RECOVERY_SECRET_LENGTH);
  if (normalized === null) return null;
  const ikm = encoder.encode(normalized);
  const derive = (purpose: string, length?: number) => hkdf(ikm, RECOVERY_SALT, `${purpose}\n${facilityId}`, length);
  return {
    deviceId: `recovery-${derive('device-id', 16).toString('hex')}`,
    keys: deviceKeysFromSeeds(derive('ed25519-seed'), derive('x25519-seed')),
  };
}
