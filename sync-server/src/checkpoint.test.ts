/**
 * WAL checkpoints of the SQLite storage run in a worker thread, off the request
 * path, on real files with the real server on loopback. The serving connection
 * never checkpoints by itself (`wal_autocheckpoint = 0`), so pages reaching the
 * database file prove the worker copied them; a WAL file left after close would
 * mean a connection (the worker's) was still open.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PullPage } from '../../shared/sync/wire';
import { buildServer } from './app';
import { SqliteStorage, type SqliteStorageOptions } from './storage/sqlite';
import { type StorageLogger } from './storage/wal-checkpointer';
import { openBatch, TestDevice } from './testing/device';
import { FACILITY, listen, TOKEN } from './testing/harness';

/** ~150 KB of ciphertext each: 40 of them are ~6 MB of WAL, well past SQLite's 1000-page auto-checkpoint. */
const BATCH_PLAINTEXT_BYTES = 150 * 1024;
const BATCHES = 40;
const AN_HOUR_MS = 3_600_000;

let dir: string;
let filename: string;
const apps: FastifyInstance[] = [];
const storages: SqliteStorage[] = [];
const dataKey = randomBytes(32);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zahanati-checkpoint-'));
  filename = join(dir, 'sync.sqlite');
});

afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  for (const storage of storages.splice(0)) await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openStorage(options: Omit<SqliteStorageOptions, 'filename'> = {}): Promise<SqliteStorage> {
  const storage = new SqliteStorage({ filename, ...options });
  storages.push(storage);
  await storage.migrate();
  return storage;
}

async function serve(storage: SqliteStorage): Promise<string> {
  const app = await buildServer({ storage, rateLimit: false, bootstrapTokens: new Map([[FACILITY, TOKEN]]) });
  apps.push(app);
  return listen(app);
}

function collectingLogger(): StorageLogger & { warnings: Record<string, unknown>[] } {
  const warnings: Record<string, unknown>[] = [];
  return { warnings, info: () => undefined, warn: (fields) => warnings.push(fields) };
}

const sizeOf = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

/** Registers a workstation and pushes `count` batches through HTTP; returns their plaintexts by sequence. */
async function pushBatches(url: string, count: number): Promise<{ device: TestDevice; plaintexts: string[] }> {
  const device = new TestDevice('ws-checkpoint', FACILITY);
  expect((await device.register(url, TOKEN)).status).toBe(201);
  const plaintexts: string[] = [];
  for (let sequence = 1; sequence <= count; sequence += 1) {
    const plaintext = randomBytes(BATCH_PLAINTEXT_BYTES / 2).toString('hex');
    const sent = await device.request(url, 'POST', '/v1/batches', device.makeBatch(sequence, plaintext, dataKey));
    expect(sent.status).toBe(201);
    plaintexts.push(plaintext);
  }
  return { device, plaintexts };
}

/** Every batch of the facility, pulled through HTTP and decrypted, in cursor order. */
async function pullPlaintexts(url: string, device: TestDevice): Promise<string[]> {
  const out: string[] = [];
  let after = 0;
  for (;;) {
    const sent = await device.request(url, 'GET', `/v1/batches?after=${after}&limit=16`);
    expect(sent.status).toBe(200);
    const page = sent.body as PullPage;
    out.push(...page.batches.map((b) => openBatch(b.header, b.ciphertext, dataKey)));
    after = page.nextCursor;
    if (!page.hasMore) return out;
  }
}

describe('SQLite WAL checkpoints', () => {
  it('are run by the worker while the server serves, and the WAL shrinks back', async () => {
    // truncateAboveBytes 0: once everything is backfilled, the worker also empties the WAL file.
    const storage = await openStorage({ checkpoint: { intervalMs: 20, truncateAboveBytes: 0 } });
    expect(await storage.checkpointMode()).toBe('worker');
    expect(storage.autocheckpointPages()).toBe(0);
    const url = await serve(storage);
    const before = sizeOf(filename);

    const { device, plaintexts } = await pushBatches(url, BATCHES);
    const pushedBytes = BATCHES * BATCH_PLAINTEXT_BYTES;
    // The periodic checkpoint (nothing here asks for one) copies the pages and truncates the WAL.
    await vi.waitFor(
      () => {
        expect(sizeOf(filename) - before).toBeGreaterThan(pushedBytes);
        expect(sizeOf(`${filename}-wal`)).toBe(0);
      },
      { timeout: 20_000, interval: 25 },
    );
    const stats = await storage.checkpointNow();
    expect(stats.fullBackfills).toBeGreaterThan(0);
    expect(stats.truncates).toBeGreaterThan(0);
    expect(stats.last).toEqual({ busy: 0, log: 0, checkpointed: 0 });
    // The server still serves, from the checkpointed file, every batch intact.
    expect(await pullPlaintexts(url, device)).toEqual(plaintexts);
    expect(storage.autocheckpointPages()).toBe(0);
  });

  it('keeps every acknowledged batch across close and reopen; close() stops the worker first', async () => {
    const storage = await openStorage({ checkpoint: { intervalMs: AN_HOUR_MS } });
    expect(await storage.checkpointMode()).toBe('worker');
    const url = await serve(storage);
    const { device, plaintexts } = await pushBatches(url, BATCHES);
    expect(sizeOf(`${filename}-wal`)).toBeGreaterThan(BATCHES * BATCH_PLAINTEXT_BYTES);

    await apps.splice(0)[0]?.close();
    await storage.close();
    expect(await storage.checkpointMode()).toBe('stopped');
    await expect(storage.checkpointNow()).rejects.toThrow(/worker/);
    // SQLite deletes the WAL only when the last connection closes: the worker's was closed before.
    expect(existsSync(`${filename}-wal`)).toBe(false);
    expect(sizeOf(filename)).toBeGreaterThan(BATCHES * BATCH_PLAINTEXT_BYTES);

    const reopened = await openStorage();
    expect(await pullPlaintexts(await serve(reopened), device)).toEqual(plaintexts);
  });

  it('falls back to checkpointing on the serving connection when the worker cannot start', async () => {
    const logger = collectingLogger();
    const storage = await openStorage({ checkpoint: { driverPath: join(dir, 'no-such-driver.cjs') }, logger });
    expect(await storage.checkpointMode()).toBe('main-thread');
    expect(storage.autocheckpointPages()).toBe(1000);
    expect(logger.warnings).toEqual([
      expect.objectContaining({ component: 'sqlite-storage', event: 'wal-checkpoint-fallback' }),
    ]);
    await expect(storage.checkpointNow()).rejects.toThrow(/worker/);

    const url = await serve(storage);
    const before = sizeOf(filename);
    const { device, plaintexts } = await pushBatches(url, BATCHES);
    // SQLite's auto-checkpoint, inside the commits on the serving connection, copied pages over.
    expect(sizeOf(filename) - before).toBeGreaterThan((BATCHES * BATCH_PLAINTEXT_BYTES) / 2);
    expect(await pullPlaintexts(url, device)).toEqual(plaintexts);
    await storage.close();
    expect(existsSync(`${filename}-wal`)).toBe(false);
  });

  it('falls back when the worker dies while serving, and keeps serving', async () => {
    // A driver that opens the file like the real one but fails every checkpoint (an I/O error, say).
    const realDriver = createRequire(__filename).resolve('better-sqlite3');
    const failingDriver = join(dir, 'failing-driver.cjs');
    writeFileSync(
      failingDriver,
      `const Real = require(${JSON.stringify(realDriver)});
       module.exports = class extends Real {
         pragma(sql, options) {
           if (sql.startsWith('wal_checkpoint')) throw new Error('checkpoint failed');
           return super.pragma(sql, options);
         }
       };`,
    );
    const logger = collectingLogger();
    const storage = await openStorage({ checkpoint: { driverPath: failingDriver, intervalMs: AN_HOUR_MS }, logger });
    expect(await storage.checkpointMode()).toBe('worker');
    expect(storage.autocheckpointPages()).toBe(0);
    const url = await serve(storage);

    await expect(storage.checkpointNow()).rejects.toThrow('The checkpoint worker died');
    expect(await storage.checkpointMode()).toBe('main-thread');
    expect(storage.autocheckpointPages()).toBe(1000);
    expect(logger.warnings).toEqual([
      expect.objectContaining({ event: 'wal-checkpoint-fallback', reason: 'checkpoint failed' }),
    ]);
    const { device, plaintexts } = await pushBatches(url, 3);
    expect(await pullPlaintexts(url, device)).toEqual(plaintexts);
  });

  it('runs no worker for an in-memory store', async () => {
    const storage = new SqliteStorage({ filename: ':memory:' });
    storages.push(storage);
    await storage.migrate();
    expect(await storage.checkpointMode()).toBe('main-thread');
    await expect(storage.checkpointNow()).rejects.toThrow('No checkpoint worker');
  });
});
