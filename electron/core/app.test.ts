import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreContract } from '../../shared/api/contract';
import { startCore, type Core } from './app';
import { applicationCommandTable } from './commands/table';
import { PassphraseKeyProvider } from './db/passphrase-key-provider';
import { MIGRATIONS } from './db/schema';
import { makeTempDir } from './testing/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let core: Core;

beforeEach(async () => {
  dir = makeTempDir();
  core = await startCore({
    dataDir: dir.path,
    keyProvider: new PassphraseKeyProvider(join(dir.path, 'workstation.key'), 'core test passphrase'),
    appVersion: '1.2.3',
  });
});
afterEach(() => {
  core.close();
  dir.remove();
});

describe('the application core', () => {
  it('declares exactly the dispatcher commands of the shared contract', () => {
    expect([...applicationCommandTable().keys()].sort()).toEqual(Object.keys(coreContract).sort());
  });

  it('declares every command with its access rule, shift rule and audit action', () => {
    for (const command of applicationCommandTable().values()) {
      expect(command.access, command.name).toBeTruthy();
      expect(typeof command.requiresActiveShift, command.name).toBe('boolean');
      expect(typeof command.requiresStepUp, command.name).toBe('boolean');
      expect(command.audit.action, command.name).toBeTruthy();
      expect(command.audit.resourceType, command.name).toBeTruthy();
    }
  });

  it('describes the workstation through system.about', async () => {
    const result = await core.dispatch('window-1', 'system.about', {});
    expect(result).toEqual({
      ok: true,
      value: {
        appVersion: '1.2.3',
        schemaVersion: MIGRATIONS.length,
        sqlcipherVersion: expect.stringMatching(/^SQLCipher 4 format \(SQLite3 Multiple Ciphers \d+\.\d+/),
        dataDirectory: dir.path,
        keyProtection: 'passphrase',
      },
    });
    const audited = core.store.db
      .prepare("SELECT count(*) FROM audit_log WHERE command = 'system.about'")
      .pluck()
      .get();
    expect(audited).toBe(1);
  });
});
