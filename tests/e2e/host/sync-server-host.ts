import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../sync-server/src/app';
import { SqliteStorage } from '../../../sync-server/src/storage/sqlite';
import { makeTempDir } from '../../../electron/core/testing/temp-dir';

/**
 * The real sync server (Fastify, SQLite storage in a temp directory) on
 * loopback, for specs that sync workstations. A spec can hold back pulls with
 * `holdPulls()` to see the progress of a long first sync, and let them go again.
 */
export interface SyncServerHost {
  readonly url: string;
  /** Lets a facility's first workstation register with a fresh bootstrap token, returned. */
  allowFacility(facilityId: string): string;
  /** Pull requests wait until `release()` is called. */
  holdPulls(): { release(): void };
  close(): Promise<void>;
}

export async function startSyncServer(): Promise<SyncServerHost> {
  const temp = makeTempDir('zahanati-e2e-sync-');
  const storage = new SqliteStorage({ filename: join(temp.path, 'sync.sqlite') });
  await storage.migrate();
  // The server reads this map on each registration, so facilities set up during the spec can be added.
  const bootstrapTokens = new Map<string, string>();
  let pullsHeld: Promise<void> | null = null;
  let app: FastifyInstance | null = null;
  try {
    app = await buildServer({ storage, bootstrapTokens, rateLimit: false });
    app.addHook('onRequest', async (request) => {
      // A pull is GET …/batches (a push is POST to the same path).
      if (pullsHeld !== null && request.method === 'GET' && request.url.split('?')[0]?.endsWith('/batches')) {
        await pullsHeld;
      }
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await app?.close();
    await storage.close();
    temp.remove();
    throw error;
  }
  const server = app;
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('The sync server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    allowFacility(facilityId) {
      const token = randomBytes(24).toString('base64url');
      bootstrapTokens.set(facilityId, token);
      return token;
    },
    holdPulls() {
      let release: () => void = () => undefined;
      pullsHeld = new Promise<void>((resolve) => {
        release = resolve;
      });
      return {
        release() {
          pullsHeld = null;
          release();
        },
      };
    },
    async close() {
      await server.close();
      await storage.close();
      temp.remove();
    },
  };
}
