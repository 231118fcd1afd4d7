import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomically } from '../core/db/atomic-file';
import { StoreError } from '../core/db/errors';
import { DATABASE_KEY_BYTES, type DatabaseKey, type KeyProvider } from '../core/db/key-provider';

/** The subset of Electron's safeStorage this provider uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * safeStorage protects the key with the OS keychain (DPAPI, Keychain, libsecret
 * or kwallet). On Linux its `basic_text` backend uses a hard-coded password,
 * which is no protection, so it counts as unavailable.
 */
export function isSafeStorageUsable(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return backend !== 'basic_text' && backend !== 'unknown';
}

const wrappedKeyFileSchema = z.object({
  format: z.literal('zahanati-safestorage-key'),
  version: z.literal(1),
  wrapped: z.string().regex(/^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/),
  /** SHA-256 of the wrapped bytes, so a damaged file is told apart from a keychain that refuses. */
  checksum: z.string().regex(/^[0-9a-f]{64}$/),
});

const DAMAGED_MESSAGE =
  'The workstation key file is damaged, so the records cannot be unlocked. Nothing was changed. ' +
  'Restore the key file from backup or rebuild this workstation with its recovery kit.';

export class SafeStorageKeyProvider implements KeyProvider {
  readonly kind = 'os-keychain' as const;

  constructor(
    private readonly keyFilePath: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  hasKey(): boolean {
    return existsSync(this.keyFilePath);
  }

  async createKey(): Promise<DatabaseKey> {
    this.assertUsable();
    if (this.hasKey()) throw new Error('A key file already exists; refusing to replace it');
    const key = randomBytes(DATABASE_KEY_BYTES);
    const wrapped = this.safeStorage.encryptString(key.toString('hex'));
    writeFileAtomically(
      this.keyFilePath,
      JSON.stringify({
        format: 'zahanati-safestorage-key',
        version: 1,
        wrapped: wrapped.toString('base64'),
        checksum: checksumOf(wrapped),
      }),
    );
    return key;
  }

  async loadKey(): Promise<DatabaseKey> {
    this.assertUsable();
    const file = this.readKeyFile();
    let hex: string;
    try {
      hex = this.safeStorage.decryptString(file.wrapped);
    } catch {
      throw new StoreError(
        'KEY_UNAVAILABLE',
        "The operating system's keychain could not unlock this workstation's key. Sign in to the computer " +
          'as the user who set Zahanati up, or rebuild the workstation with its recovery kit. Nothing was changed.',
      );
    }
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    return Buffer.from(hex, 'hex');
  }

  private assertUsable(): void {
    if (!isSafeStorageUsable(this.safeStorage, this.platform)) {
      throw new StoreError(
        'KEY_UNAVAILABLE',
        'This computer offers no secure keychain, so Zahanati needs a workstation passphrase instead.',
      );
    }
  }

  private readKeyFile(): { wrapped: Buffer } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.keyFilePath, 'utf8'));
    } catch {
      throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    }
    const result = wrappedKeyFileSchema.safeParse(parsed);
    if (!result.success) throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    const wrapped = Buffer.from(result.data.wrapped, 'base64');
    if (checksumOf(wrapped) !== result.data.checksum) throw new StoreError('KEY_FILE_DAMAGED', DAMAGED_MESSAGE);
    return { wrapped };
  }
}

function checksumOf(wrapped: Buffer): string {
  return createHash('sha256').update(wrapped).digest('hex');
}
