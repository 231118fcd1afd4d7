import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlcipher from '@journeyapps/sqlcipher';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/temp-dir';
import { StoreError } from './errors';
import { PassphraseKeyProvider } from './passphrase-key-provider';
import { MIGRATIONS } from './schema';
import { DATABASE_FILE, openStore, type Store } from './store';

const PASSPHRASE = 'correct horse battery staple 42';
let dir: ReturnType<typeof makeTempDir>;
let keyFile: string;
let dbFile: string;

beforeEach(() => {
  dir = makeTempDir();
  keyFile = join(dir.path, 'workstation.key');
  dbFile = join(dir.path, DATABASE_FILE);
});
afterEach(() => dir.remove());

function open(passphrase = PASSPHRASE): Promise<Store> {
  return openStore({
    dataDir: dir.path,
    keyProvider: new PassphraseKeyProvider(keyFile, passphrase),
    migrations: MIGRATIONS,
  });
}

function queryWithSqlcipher(path: string, hexKey: string, sql: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlcipher.Database(path, sqlcipher.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.serialize(() => {
        db.run('PRAGMA cipher_compatibility = 4');
        db.run(`PRAGMA key = "x'${hexKey}'"`);
        db.all(sql, (error, rows) => {
          db.close();
          if (error) reject(error);
          else resolve(rows);
        });
      });
    });
  });
}

function fingerprint(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('the encrypted store', () => {
  it('is a standard SQLCipher 4 file: @journeyapps/sqlcipher reads it with the key and refuses another key', async () => {
    const store = await open();
    store.db.exec('CREATE TABLE interop (note TEXT)');
    store.db.prepare('INSERT INTO interop (note) VALUES (?)').run('read by another SQLCipher');
    store.close();
    const key = await new PassphraseKeyProvider(keyFile, PASSPHRASE).loadKey();

    await expect(queryWithSqlcipher(dbFile, key.toString('hex'), 'SELECT note FROM interop')).resolves.toEqual([
      { note: 'read by another SQLCipher' },
    ]);
    await expect(
      queryWithSqlcipher(dbFile, randomBytes(32).toString('hex'), 'SELECT note FROM interop'),
    ).rejects.toThrow(/not a database/);
  });

  it('uses WAL, foreign keys and full synchronous writes', async () => {
    const store = await open();
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.sqlcipherVersion).toMatch(
      /^SQLCipher 4 format \(SQLite3 Multiple Ciphers \d+\.\d+\.\d+, SQLite 3\.\d+/,
    );
    store.close();
  });

  it('leaves no plaintext of a stored record in any file of the data directory', async () => {
    const canary = `canary-${randomBytes(12).toString('hex')}`;
    const store = await open();
    store.db.exec('CREATE TABLE notes (body TEXT)');
    store.db.prepare('INSERT INTO notes (body) VALUES (?)').run(canary);
    const scan = () =>
      readdirSync(dir.path).map((name) => {
        const bytes = readFileSync(join(dir.path, name));
        const found = bytes.includes(Buffer.from(canary, 'utf8')) || bytes.includes(Buffer.from(canary, 'utf16le'));
        return { name, found };
      });

    const whileOpen = scan();
    expect(whileOpen.map((file) => file.name).sort()).toEqual(
      [DATABASE_FILE, `${DATABASE_FILE}-shm`, `${DATABASE_FILE}-wal`, 'workstation.key'].sort(),
    );
    expect(readFileSync(`${dbFile}-wal`).length).toBeGreaterThan(0);
    expect(whileOpen.filter((file) => file.found)).toEqual([]);

    store.close();
    expect(scan().filter((file) => file.found)).toEqual([]);
    // The canary is really there, just encrypted.
    const reopened = await open();
    expect(reopened.db.prepare('SELECT body FROM notes').pluck().get()).toBe(canary);
    reopened.close();
  });

  it('refuses a wrong passphrase with a clear error and leaves the database untouched', async () => {
    (await open()).close();
    const before = fingerprint(dbFile);

    const attempt = open('not the right passphrase at all');
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.toMatchObject({ reason: 'WRONG_PASSPHRASE', message: /passphrase is not correct/ });
    expect(fingerprint(dbFile)).toBe(before);
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
  });

  it.each([
    [
      'a changed byte',
      (text: string) =>
        text.replace(/"ciphertext": "(.)/, (_m, c: string) => `"ciphertext": "${c === 'A' ? 'B' : 'A'}`),
    ],
    ['a truncated file', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['an empty file', () => ''],
    ['binary garbage', () => randomBytes(200).toString('latin1')],
  ])('reports %s in the key file as damaged and leaves the database untouched', async (_label, damage) => {
    (await open()).close();
    const before = fingerprint(dbFile);
    writeFileSync(keyFile, damage(readFileSync(keyFile, 'utf8')), 'latin1');

    await expect(open()).rejects.toMatchObject({ reason: 'KEY_FILE_DAMAGED', message: /key file is damaged/ });
    expect(fingerprint(dbFile)).toBe(before);
  });

  it('refuses a key file from another workstation without touching the database', async () => {
    (await open()).close();
    const before = fingerprint(dbFile);
    const other = makeTempDir();
    try {
      const otherKeyFile = join(other.path, 'workstation.key');
      await new PassphraseKeyProvider(otherKeyFile, PASSPHRASE).createKey();
      writeFileSync(keyFile, readFileSync(otherKeyFile));
      await expect(open()).rejects.toMatchObject({ reason: 'WRONG_KEY', message: /cannot be opened/ });
      expect(fingerprint(dbFile)).toBe(before);
    } finally {
      other.remove();
    }
  });

  it('keeps the key file free of the database key in the clear', async () => {
    (await open()).close();
    const key = await new PassphraseKeyProvider(keyFile, PASSPHRASE).loadKey();
    const text = readFileSync(keyFile, 'utf8');
    expect(text).not.toContain(key.toString('hex'));
    expect(text).not.toContain(key.toString('base64'));
    expect(readFileSync(keyFile).includes(key)).toBe(false);
  });
});
