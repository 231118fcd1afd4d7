import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore } from '../core/app';
import { StoreError } from '../core/db/errors';
import { DATABASE_FILE } from '../core/db/store';
import { makeTempDir } from '../core/testing/temp-dir';
import { isSafeStorageUsable, SafeStorageKeyProvider, type SafeStorageLike } from './safe-storage-key-provider';

type Backend = ReturnType<NonNullable<SafeStorageLike['getSelectedStorageBackend']>>;

/**
 * The OS keychain is the one thing these tests fake: AES-256-GCM under a fixed
 * "keychain" key, with Chromium's `v10` prefix, failing loudly on a wrong key
 * or tampered data as the real safeStorage does.
 */
class FakeSafeStorage implements SafeStorageLike {
  encryptCalls = 0;

  constructor(
    private readonly keychainKey: Buffer = Buffer.alloc(32, 7),
    private readonly available = true,
    private readonly backend: Backend = 'gnome_libsecret',
  ) {}

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): Backend {
    return this.backend;
  }

  encryptString(plainText: string): Buffer {
    this.encryptCalls += 1;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keychainKey, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body]);
  }

  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.keychainKey, encrypted.subarray(3, 15));
    decipher.setAuthTag(encrypted.subarray(15, 31));
    return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
  }
}

/** A keychain that reports itself available but refuses to decrypt (e.g. another OS user). */
class RefusingSafeStorage extends FakeSafeStorage {
  override decryptString(): string {
    throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
  }
}

async function expectStoreError(promise: Promise<unknown>, reason: StoreError['reason']): Promise<StoreError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).reason).toBe(reason);
  expect((error as StoreError).message.length).toBeGreaterThan(20);
  return error as StoreError;
}

describe('isSafeStorageUsable', () => {
  it.each<[Backend, boolean]>([
    ['basic_text', false],
    ['unknown', false],
    ['gnome_libsecret', true],
    ['kwallet', true],
    ['kwallet5', true],
    ['kwallet6', true],
  ])('on Linux treats the %s backend as usable: %s', (backend, usable) => {
    expect(isSafeStorageUsable(new FakeSafeStorage(undefined, true, backend), 'linux')).toBe(usable);
  });

  it('on Linux refuses a safeStorage that cannot name its backend', () => {
    const noBackend: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
    };
    expect(isSafeStorageUsable(noBackend, 'linux')).toBe(false);
  });

  it('on Linux refuses even a good backend when encryption is unavailable', () => {
    expect(isSafeStorageUsable(new FakeSafeStorage(undefined, false, 'gnome_libsecret'), 'linux')).toBe(false);
  });

  it.each<NodeJS.Platform>(['win32', 'darwin'])('on %s follows isEncryptionAvailable only', (platform) => {
    // The backend is a Linux notion; elsewhere Electron reports it as basic_text/unknown.
    expect(isSafeStorageUsable(new FakeSafeStorage(undefined, true, 'basic_text'), platform)).toBe(true);
    expect(isSafeStorageUsable(new FakeSafeStorage(undefined, false, 'gnome_libsecret'), platform)).toBe(false);
  });
});

describe('SafeStorageKeyProvider', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let keyFile: string;

  beforeEach(() => {
    dir = makeTempDir();
    keyFile = join(dir.path, 'workstation.key');
  });
  afterEach(() => dir.remove());

  function provider(safeStorage: SafeStorageLike = new FakeSafeStorage()): SafeStorageKeyProvider {
    return new SafeStorageKeyProvider(keyFile, safeStorage, 'linux');
  }

  it('reports itself as OS-keychain protection', () => {
    expect(provider().kind).toBe('os-keychain');
  });

  it('creates a random 32-byte key and loads the same key back, also in a new provider', async () => {
    const keychain = new FakeSafeStorage();
    const first = provider(keychain);
    expect(first.hasKey()).toBe(false);
    const created = Buffer.from(await first.createKey());
    expect(created).toHaveLength(32);
    expect(first.hasKey()).toBe(true);
    expect(Buffer.from(await first.loadKey()).equals(created)).toBe(true);
    expect(Buffer.from(await provider(keychain).loadKey()).equals(created)).toBe(true);

    dir.remove();
    dir = makeTempDir();
    keyFile = join(dir.path, 'workstation.key');
    const other = Buffer.from(await provider(keychain).createKey());
    expect(other.equals(created)).toBe(false);
  });

  it('never writes the key to the file in hex or base64, only what the keychain wrapped', async () => {
    const key = Buffer.from(await provider().createKey());
    const content = readFileSync(keyFile, 'utf8');
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      const encoded = key.toString(encoding).replace(/=+$/, '');
      expect(content.toLowerCase()).not.toContain(encoded.toLowerCase());
    }
    expect(content.includes(key.toString('latin1'))).toBe(false);
    expect(JSON.parse(content)).toMatchObject({ format: 'zahanati-safestorage-key', version: 1 });
  });

  it('refuses to replace an existing key file', async () => {
    const keychain = new FakeSafeStorage();
    await provider(keychain).createKey();
    const before = readFileSync(keyFile);
    await expect(provider(keychain).createKey()).rejects.toThrow(/already exists/);
    expect(readFileSync(keyFile).equals(before)).toBe(true);
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['emptied', () => ''],
    ['not JSON', () => '\u0000\u0001garbage'],
    ['of another format', (text: string) => text.replace('zahanati-safestorage-key', 'zahanati-keyfile')],
    ['missing its wrapped key', (text: string) => JSON.stringify({ ...JSON.parse(text), wrapped: undefined })],
    ['with a wrapped key that is not base64', (text: string) => JSON.stringify({ ...JSON.parse(text), wrapped: '!!' })],
    ['with one wrapped byte changed', (text: string) => flipWrappedByte(text)],
    ['with its checksum changed', (text: string) => JSON.stringify({ ...JSON.parse(text), checksum: '0'.repeat(64) })],
  ])('calls a key file %s damaged and leaves it as it was', async (_label, damage) => {
    const keychain = new FakeSafeStorage();
    await provider(keychain).createKey();
    writeFileSync(keyFile, damage(readFileSync(keyFile, 'utf8')));
    const damaged = readFileSync(keyFile);
    await expectStoreError(provider(keychain).loadKey(), 'KEY_FILE_DAMAGED');
    expect(readFileSync(keyFile).equals(damaged)).toBe(true);
  });

  it('calls a key that the keychain unwraps to something other than a key damaged', async () => {
    const keychain = new FakeSafeStorage();
    const wrapped = keychain.encryptString('not a 64-digit hex key');
    writeFileSync(
      keyFile,
      JSON.stringify({
        format: 'zahanati-safestorage-key',
        version: 1,
        wrapped: wrapped.toString('base64'),
        checksum: createHash('sha256').update(wrapped).digest('hex'),
      }),
    );
    await expectStoreError(provider(keychain).loadKey(), 'KEY_FILE_DAMAGED');
  });

  it('reports KEY_UNAVAILABLE when the keychain refuses to decrypt an intact file', async () => {
    await provider(new FakeSafeStorage()).createKey();
    await expectStoreError(provider(new RefusingSafeStorage()).loadKey(), 'KEY_UNAVAILABLE');
    // Another keychain (another OS user or machine) fails the same way.
    await expectStoreError(provider(new FakeSafeStorage(Buffer.alloc(32, 9))).loadKey(), 'KEY_UNAVAILABLE');
  });

  it.each<[string, FakeSafeStorage]>([
    ['encryption is unavailable', new FakeSafeStorage(undefined, false, 'gnome_libsecret')],
    ['the Linux backend is basic_text', new FakeSafeStorage(undefined, true, 'basic_text')],
    ['the Linux backend is unknown', new FakeSafeStorage(undefined, true, 'unknown')],
  ])('when %s: refuses with KEY_UNAVAILABLE and writes nothing', async (_label, keychain) => {
    await expectStoreError(provider(keychain).createKey(), 'KEY_UNAVAILABLE');
    expect(keychain.encryptCalls).toBe(0);
    expect(existsSync(keyFile)).toBe(false);
    expect(readdirSync(dir.path)).toEqual([]);
  });

  it('when the keychain became unusable after setup: refuses to load with KEY_UNAVAILABLE', async () => {
    await provider(new FakeSafeStorage()).createKey();
    await expectStoreError(provider(new FakeSafeStorage(undefined, true, 'basic_text')).loadKey(), 'KEY_UNAVAILABLE');
  });
});

describe('the core on a SafeStorageKeyProvider (real SQLCipher store)', () => {
  let dir: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => dir.remove());

  function start(keychain: SafeStorageLike) {
    return startCore({
      dataDir: dir.path,
      keyProvider: new SafeStorageKeyProvider(join(dir.path, 'workstation.key'), keychain, 'linux'),
      appVersion: '9.9.9',
    });
  }

  it('creates the store on first run, reopens it with the same keychain, and says the key is OS-protected', async () => {
    const keychain = new FakeSafeStorage();
    const first = await start(keychain);
    try {
      const about = await first.dispatch('x', 'system.about', {});
      expect(about).toMatchObject({
        ok: true,
        value: { keyProtection: 'os-keychain', appVersion: '9.9.9', dataDirectory: dir.path },
      });
    } finally {
      first.close();
    }
    expect(existsSync(join(dir.path, DATABASE_FILE))).toBe(true);

    const second = await start(keychain);
    try {
      await expect(second.dispatch('x', 'system.about', {})).resolves.toMatchObject({
        ok: true,
        value: { keyProtection: 'os-keychain' },
      });
    } finally {
      second.close();
    }
  });

  it("refuses to open with another user's keychain and leaves the database untouched", async () => {
    const core = await start(new FakeSafeStorage());
    core.close();
    const before = readFileSync(join(dir.path, DATABASE_FILE));
    await expectStoreError(start(new FakeSafeStorage(Buffer.alloc(32, 1))), 'KEY_UNAVAILABLE');
    expect(readFileSync(join(dir.path, DATABASE_FILE)).equals(before)).toBe(true);
  });
});

function flipWrappedByte(text: string): string {
  const file = JSON.parse(text) as { wrapped: string };
  const bytes = Buffer.from(file.wrapped, 'base64');
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
  return JSON.stringify({ ...file, wrapped: bytes.toString('base64') });
}
