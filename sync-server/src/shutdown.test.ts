/**
 * Shutting the sync server down while a workstation's request is in flight, over real HTTP on
 * loopback: the request is answered, and its connection is not kept alive to hold close() up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { buildServer } from './app';
import { SqliteStorage } from './storage/sqlite';
import { type SyncStorage } from './storage/storage';
import { listen } from './testing/harness';

let dir: string;
let storage: SqliteStorage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zahanati-sync-shutdown-'));
  storage = new SqliteStorage({ filename: join(dir, 'sync.sqlite') });
  await storage.migrate();
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The storage, with `counts` (behind /v1/metrics) held until released. */
function holdingCounts(target: SyncStorage) {
  let entered: () => void = () => undefined;
  let release: () => void = () => undefined;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const held = new Proxy(target, {
    get(inner, prop) {
      if (prop === 'counts') {
        return async () => {
          entered();
          await released;
          return inner.counts();
        };
      }
      const value: unknown = Reflect.get(inner, prop);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(inner) : value;
    },
  });
  return { held, inside, release };
}

it('answers a request in flight at shutdown and closes its connection instead of keeping it alive', async () => {
  const { held, inside, release } = holdingCounts(storage);
  const app = await buildServer({ storage: held, rateLimit: false });
  const url = await listen(app);
  const answer = fetch(`${url}/v1/metrics`);
  await inside;

  const closed = app.close();
  await vi.waitFor(() => expect(app.server.listening).toBe(false));
  release();
  const res = await answer;
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ batchesStored: 0 });
  // Kept alive, the socket would hold close() for the 72 s keep-alive, past this test's timeout.
  expect(res.headers.get('connection')).toBe('close');
  await closed;
});
