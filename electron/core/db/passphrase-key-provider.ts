import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import argon2 from 'argon2';
import { z } from 'zod';
import { StoreError } from './errors';
import { DATABASE_KEY_BYTES, type DatabaseKey, type KeyProvider } from './key-provider';
import { writeFileAtomically } from './atomic-file';

export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** OWASP's argon2id floor is 19 MiB / 2 iterations; the default sits well above it. */
export const MIN_ARGON2_PARAMS: Argon2Params = { memoryKiB: 19 * 1024, iterations: 2, parallelism: 1 };
export const DEFAULT_ARGON2_PARAMS: Argon2Params = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 };

const base64 = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);

const keyFileSchema = z.object({
  /** SHA-256 of the other fields: tells a damaged file from a wrong passphrase. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.literal('zahanati-keyfile'),
  version: z.literal(1),
  kdf: z.object({
    name: z.literal('argon2id'),
    memoryKiB: z
      .number()
      .int()
      .min(MIN_ARGON2_PARAMS.memoryKiB)
      .max(4 * 1024 * 1024),
    iterations: z.number().int().min(MIN_ARGON2_PARAMS.iterations).max(100),
    parallelism: z.number().int().min(1).max(16),
    salt: base64,
  }),
  cipher: z.object({
    name: z.literal('aes-256-gcm'),
    iv: base64,
    tag: base64,
    ciphertext: base64,
  }),
});

type KeyFile = z.infer<typeof keyFileSchema>;

const DAMAGED_MESSAGE =
  'The workstation key file is damaged or incomplete, so the records cannot be unlocked. ' +
  'Nothing was changed. Restore the key file from backup or rebuild this workstation with its recovery kit.';

/**
 * Wraps a random database key under a key derived from the workstation
 * passphrase with argon2id. Used where the OS keychain is unavailable.
 */
export class PassphraseKeyProvider implements KeyProvider {
  readonly kind = 'passphrase' as const;

  constructor(
    private readonly keyFilePath: string,
    private readonly passphrase: string,
    private readonly params: Argon2Params = DEFAULT_ARGON2_PARAMS,
  ) {
    if (params.memoryKiB < MIN_ARGON2_PARAMS.memoryKiB || params.iterations < MIN_ARGON2_PARAMS.iterations) {
      throw new RangeError('argon2id parameters are below the minimum of 19 MiB and 2 iterations');
    }
  }

  hasKey(): boolean {
    return existsSync(this.keyFilePath);
  }

  async createKey(): Promise<DatabaseKey> {
    if (this.hasKey()) throw new Error('A key file already exists; refusing to replace it');
    const key = randomBytes(DATABASE_KEY_BYTES);
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const header = {
      format: 'zahanati-keyfile',
      version: 1,
      kdf: { name: 'argon2id', ...this.params, salt: salt.toString('base64') },
    } as const;
    const wrappingKey = await deriveWrappingKey(this.passphrase, salt, this.params);
    const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
    cipher.setAAD(associatedData(header.kdf));
    const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
    const body: Omit<KeyFile, 'checksum'> = {
      ...header,
      cipher: {
        name: 'aes-256-gcm',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        ciphertext: ciphertext.toString('base64'),
      },
    };
    const file: KeyFile = { checksum: checksumOf(body), ...body };
    writeFileAtomically(this.keyFilePath, JSON.stringify(file, null, 2));
    return key;
  }

  async loadKey(): Promise<DatabaseKey> {
    const file = this.readKeyFile();
    const { kdf } = file;
    const wrappingKey = await deriveWrappingKey(this.passphrase, Buffer.from(kdf.salt, 'base64'), kdf);
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(file.cipher.iv, 'base64'));
    decipher.setAAD(associatedData(kdf));
    decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
    let key: Buffer;
    try {
      key = Buffer.concat([decipher.update(Buffer.from(file.cipher.ciphertext, 'base64')), decipher.final()]);
    } catch {
      // The checksum matched, so the file is intact and the passphrase is what differs.
      throw new StoreError('WRONG_PASSPHRASE', 'The workstation passphrase is not correct. Nothing was changed.');
    }
    if (key.length !== DATABASE_KEY_BYTES) throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    return key;
  }

  private readKeyFile(): KeyFile {
    if (!this.hasKey()) {
      throw new StoreError('KEY_UNAVAILABLE', 'This workstation has no key file yet. Run first-time setup.');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.keyFilePath, 'utf8'));
    } catch {
      throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    }
    const result = keyFileSchema.safeParse(parsed);
    if (!result.success || result.data.checksum !== checksumOf(result.data)) {
      throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    }
    const { cipher } = result.data;
    if (Buffer.from(cipher.iv, 'base64').length !== 12 || Buffer.from(cipher.tag, 'base64').length !== 16) {
      throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    }
    return result.data;
  }
}

/** Serialises the fields in a fixed order, whatever order the file listed them in. */
function checksumOf(file: Omit<KeyFile, 'checksum'>): string {
  const { format, version, kdf, cipher } = file;
  const canonical = JSON.stringify([
    format,
    version,
    [kdf.name, kdf.memoryKiB, kdf.iterations, kdf.parallelism, kdf.salt],
    [cipher.name, cipher.iv, cipher.tag, cipher.ciphertext],
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

async function deriveWrappingKey(passphrase: string, salt: Buffer, params: Argon2Params): Promise<Buffer> {
  return argon2.hash(passphrase, {
    type: argon2.argon2id,
    raw: true,
    salt,
    hashLength: 32,
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
  });
}

/** Binds the KDF parameters to the ciphertext so they cannot be weakened in place. */
function associatedData(kdf: KeyFile['kdf']): Buffer {
  return Buffer.from(
    `zahanati-keyfile/1/argon2id/${kdf.memoryKiB}/${kdf.iterations}/${kdf.parallelism}/${kdf.salt}`,
    'utf8',
  );
}
