import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_KEY_BYTES, type KeyProvider } from '../db/key-provider';
import { MIN_ARGON2_PARAMS } from '../db/passphrase-key-provider';
import { DATABASE_FILE } from '../db/store';
import { makeTempDir } from '../testing/temp-dir';
import { KEYCHAIN_KEY_FILE, PASSPHRASE_KEY_FILE, WorkstationHost, type WorkstationHostOptions } from './host';

const PASSPHRASE = 'mango tree by the river 2026';
let dir: ReturnType<typeof makeTempDir>;
let now: number;
const hosts: WorkstationHost[] = [];

beforeEach(() => {
  dir = makeTempDir();
  now = Date.parse('2026-11-22T08:00:00Z');
});
afterEach(() => {
  for (const host of hosts.splice(0)) host.close();
  dir.remove();
});

/** The OS keychain cannot exist in a test; this stand-in keeps the key in a file, as the real one's wrapped key. */
function fakeKeychain(keyFilePath: string): KeyProvider {
  return {
    kind: 'os-keychain',
    hasKey: () => existsSync(keyFilePath),
    async createKey() {
      const key = randomBytes(DATABASE_KEY_BYTES);
      writeFileSync(keyFilePath, key.toString('hex'));
      return key;
    },
    async loadKey() {
      const { readFileSync } = await import('node:fs');
      return Buffer.from(readFileSync(keyFilePath, 'utf8'), 'hex');
    },
  };
}

async function startHost(overrides: Partial<WorkstationHostOptions> = {}): Promise<WorkstationHost> {
  const host = await WorkstationHost.start({
    dataDir: dir.path,
    appVersion: '1.0.0',
    osKeychain: null,
    passphraseParams: MIN_ARGON2_PARAMS,
    clock: () => new Date(now),
    ...overrides,
  });
  hosts.push(host);
  return host;
}

describe('the workstation host', () => {
  it('opens at once with the OS keychain and answers commands', async () => {
    const host = await startHost({ osKeychain: fakeKeychain });
    expect(host.status()).toEqual({ state: 'open' });
    expect(existsSync(join(dir.path, KEYCHAIN_KEY_FILE))).toBe(true);
    expect(await host.dispatch('w', 'system.about', {})).toMatchObject({
      ok: true,
      value: { keyProtection: 'os-keychain' },
    });
  });

  it('runs the automatic sync loop once open only when asked to (Electron main asks; tests drive sync themselves)', async () => {
    const looping = await startHost({ osKeychain: fakeKeychain, startSync: true });
    expect(looping.openCore?.sync.status().nextAttemptAt).not.toBeNull();
    looping.close();
    const idle = await startHost({ osKeychain: fakeKeychain });
    expect(idle.openCore?.sync.status().nextAttemptAt).toBeNull();
  });

  it('asks a new workstation without a keychain to create a passphrase, refusing everything else until then', async () => {
    const host = await startHost();
    expect(await host.dispatch('w', 'workstation.status', {})).toEqual({
      ok: true,
      value: { state: 'needs-new-passphrase' },
    });
    expect(await host.dispatch('w', 'system.about', {})).toMatchObject({ ok: false, code: 'LOCKED' });
    expect(existsSync(join(dir.path, DATABASE_FILE))).toBe(false);

    expect(await host.dispatch('w', 'workstation.createPassphrase', { passphrase: 'short' })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      issues: [{ path: 'passphrase' }],
    });
    expect(await host.dispatch('w', 'workstation.createPassphrase', { passphrase: 'aaaaaaaaaaaaaaaa' })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await host.dispatch('w', 'workstation.createPassphrase', { passphrase: PASSPHRASE })).toEqual({
      ok: true,
      value: { state: 'open' },
    });
    expect(await host.dispatch('w', 'system.about', {})).toMatchObject({
      ok: true,
      value: { keyProtection: 'passphrase' },
    });
    expect(await host.dispatch('w', 'workstation.createPassphrase', { passphrase: PASSPHRASE })).toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('needs the passphrase after a restart, refuses a wrong one with a growing wait, and opens with the right one', async () => {
    const first = await startHost();
    await first.dispatch('w', 'workstation.createPassphrase', { passphrase: PASSPHRASE });
    first.close();

    const host = await startHost();
    expect(host.status()).toEqual({ state: 'needs-passphrase' });
    expect(await host.dispatch('w', 'workstation.unlock', { passphrase: 'wrong passphrase' })).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: /passphrase is not correct/,
    });
    expect(await host.dispatch('w', 'workstation.unlock', { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      code: 'LOCKED',
      message: /Wait 1 seconds/,
    });
    now += 1000;
    await host.dispatch('w', 'workstation.unlock', { passphrase: 'wrong again' });
    expect(await host.dispatch('w', 'workstation.unlock', { passphrase: PASSPHRASE })).toMatchObject({
      message: /Wait 2 seconds/,
    });
    now += 2000;
    expect(await host.dispatch('w', 'workstation.unlock', { passphrase: PASSPHRASE })).toEqual({
      ok: true,
      value: { state: 'open' },
    });
    // The store could not be written while locked: the two wrong passphrases are audited once it opens.
    const unlocks = host.openCore?.store.db
      .prepare(
        "SELECT command, action, outcome FROM audit_log WHERE resource_type = 'workstation' AND command = 'workstation.unlock' ORDER BY seq",
      )
      .all();
    expect(unlocks).toEqual([
      { command: 'workstation.unlock', action: 'FAILED_LOGIN', outcome: 'failed' },
      { command: 'workstation.unlock', action: 'FAILED_LOGIN', outcome: 'failed' },
      { command: 'workstation.unlock', action: 'LOGIN', outcome: 'allowed' },
    ]);
  });

  it('keeps using the passphrase on a workstation set up with one, even if a keychain appears later', async () => {
    const first = await startHost();
    await first.dispatch('w', 'workstation.createPassphrase', { passphrase: PASSPHRASE });
    first.close();
    const host = await startHost({ osKeychain: fakeKeychain });
    expect(host.status()).toEqual({ state: 'needs-passphrase' });
    expect(existsSync(join(dir.path, KEYCHAIN_KEY_FILE))).toBe(false);
  });

  it('says plainly when the keychain that holds the key is gone', async () => {
    (await startHost({ osKeychain: fakeKeychain })).close();
    const host = await startHost({ osKeychain: null });
    expect(host.status()).toMatchObject({ state: 'failed', message: /keychain, which is not available/ });
    expect(await host.dispatch('w', 'system.about', {})).toMatchObject({ code: 'LOCKED' });
    expect(existsSync(join(dir.path, PASSPHRASE_KEY_FILE))).toBe(false);
  });

  it('reports a damaged passphrase key file as a failure, not as a wrong passphrase', async () => {
    const first = await startHost();
    await first.dispatch('w', 'workstation.createPassphrase', { passphrase: PASSPHRASE });
    first.close();
    writeFileSync(join(dir.path, PASSPHRASE_KEY_FILE), '{"format":');
    const host = await startHost();
    expect(await host.dispatch('w', 'workstation.unlock', { passphrase: PASSPHRASE })).toMatchObject({
      ok: false,
      code: 'INTERNAL',
      message: /key file is damaged/,
    });
    expect(host.status()).toMatchObject({ state: 'failed' });
  });
});
