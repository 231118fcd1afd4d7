/**
 * Test support for sync across real parts: workstations are real cores on
 * their own SQLCipher stores (with clocks the tests move), the server is the
 * real Fastify app on loopback over its embedded SQLite storage.
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { generateSync } from 'otplib';
import type { CommandResult } from '../../../shared/api/errors';
import type { PushBatchResponse } from '../../../shared/sync/wire';
import { startCore, type Core } from '../../../electron/core/app';
import { MIN_ARGON2_PARAMS, PassphraseKeyProvider } from '../../../electron/core/db/passphrase-key-provider';
import { FACILITY, OWNER } from '../../../electron/core/identity/testing';
import type { SealedBatch } from '../../../electron/core/sync/batch';
import { syncedColumnsOf } from '../../../electron/core/sync/capture';
import { pushSealed } from '../../../electron/core/sync/testing';
import type { SyncEngineOptions } from '../../../electron/core/sync/engine';
import { SYNCED_TABLES } from '../../../electron/core/sync/tables';
import { makeTempDir } from '../../../electron/core/testing/temp-dir';
import { buildServer, type BuildServerOptions } from '../../../sync-server/src/app';
import { SqliteStorage } from '../../../sync-server/src/storage/sqlite';

export const START = Date.parse('2026-11-22T08:00:00Z');
export const ADMIN = 'owner-window';

export class TestServer {
  private constructor(
    /** Added to the server clock: tests move it (expiring codes). */
    private readonly clock: { offsetMs: number },
    readonly url: string,
    readonly file: string,
    readonly app: FastifyInstance,
    readonly storage: SqliteStorage,
    readonly tokens: Map<string, string>,
    private readonly dir: { remove(): void },
  ) {}

  /** On loopback, over SQLite; its clock starts at START (the workstations' too) and runs in real time. */
  static async start(overrides: Partial<BuildServerOptions> = {}): Promise<TestServer> {
    const dir = makeTempDir('zahanati-sync-server-');
    const file = join(dir.path, 'sync.sqlite');
    const storage = new SqliteStorage({ filename: file });
    await storage.migrate();
    const tokens = new Map<string, string>();
    const startedAt = Date.now();
    const clock = { offsetMs: 0 };
    const app = await buildServer({
      storage,
      bootstrapTokens: tokens,
      rateLimit: false,
      clock: () => START + (Date.now() - startedAt) + clock.offsetMs,
      ...overrides,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('The server has no address');
    return new TestServer(clock, `http://127.0.0.1:${address.port}`, file, app, storage, tokens, dir);
  }

  /** Direct access to the server's storage file, as someone with the disk would have it. */
  withDatabase<T>(fn: (db: Database.Database) => T): T {
    const db = new Database(this.file);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  /** Moves the server clock forward. */
  advance(ms: number): void {
    this.clock.offsetMs += ms;
  }

  /** A facility bootstrap token for the facility's first workstation. */
  tokenFor(facilityId: string): string {
    const token = randomBytes(24).toString('hex');
    this.tokens.set(facilityId, token);
    return token;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.storage.close();
    this.dir.remove();
  }
}

/** A real core on its own encrypted store, with a clock the test moves. */
export class Workstation {
  now: number;
  core!: Core;
  /** The owner's authenticator secret, once enrolled in MFA here. */
  mfaSecret: string | null = null;

  private constructor(
    readonly name: string,
    readonly dataDir: string,
    private readonly dir: { remove(): void } | null,
    private readonly syncOptions: SyncEngineOptions,
    start: number,
  ) {
    this.now = start;
  }

  static async open(
    name: string,
    options: { start?: number; sync?: SyncEngineOptions; dataDir?: string } = {},
  ): Promise<Workstation> {
    const dir = options.dataDir === undefined ? makeTempDir(`zahanati-ws-${name}-`) : null;
    const dataDir = options.dataDir ?? dir?.path ?? '';
    const workstation = new Workstation(name, dataDir, dir, options.sync ?? {}, options.start ?? START);
    await workstation.boot();
    return workstation;
  }

  private async boot(): Promise<void> {
    this.core = await startCore({
      dataDir: this.dataDir,
      keyProvider: new PassphraseKeyProvider(
        join(this.dataDir, 'workstation.key'),
        `sync test passphrase ${this.name}`,
        MIN_ARGON2_PARAMS,
      ),
      appVersion: '1.0.0',
      clock: () => new Date(this.now),
      sync: { requestTimeoutMs: 10_000, ...this.syncOptions },
    });
  }

  /** Closes and reopens the store, as after a crash or restart. */
  async restart(): Promise<void> {
    this.core.close();
    await this.boot();
  }

  get sync() {
    return this.core.sync;
  }

  get db() {
    return this.core.store.db;
  }

  async ok<T = Record<string, unknown>>(caller: string, name: string, input: unknown = {}): Promise<T> {
    const result: CommandResult<unknown> = await this.core.dispatch(caller, name, input);
    if (!result.ok) throw new Error(`${this.name}: ${name} failed: ${result.code} ${result.message}`);
    return result.value as T;
  }

  async setUpFacility(): Promise<void> {
    await this.ok('setup', 'setup.complete', { organizationName: 'Pwani Health', facility: FACILITY, owner: OWNER });
  }

  async signInOwner(caller = ADMIN): Promise<void> {
    await this.ok(caller, 'auth.login', { username: OWNER.username, password: OWNER.password });
    if (this.mfaSecret !== null) await this.ok(caller, 'auth.verifyMfa', { code: this.totp() });
  }

  /** Steps up (enrolling the owner in MFA first, once), as the sync commands that touch keys require. */
  async stepUp(caller = ADMIN): Promise<void> {
    if (this.mfaSecret === null) {
      const { secret } = await this.ok<{ secret: string }>(caller, 'mfa.beginEnrollment');
      this.mfaSecret = secret;
      await this.ok(caller, 'mfa.confirmEnrollment', { code: this.totp() });
    }
    await this.ok(caller, 'auth.stepUp', { password: OWNER.password, code: this.totp() });
  }

  /** A fresh one-time code (each 30-second step may be used once). */
  totp(): string {
    this.now += 30_000;
    return generateSync({ secret: this.mfaSecret ?? '', epoch: Math.floor(this.now / 1000) });
  }

  facilityId(): string {
    const facility = this.core.services.identity.facility();
    if (facility === null) throw new Error(`${this.name} has no facility`);
    return facility.id;
  }

  close(): void {
    this.core.close();
  }

  dispose(): void {
    try {
      this.core.close();
    } catch {
      // already closed
    }
    this.dir?.remove();
  }
}

/** The first workstation of a facility: set up and connected by bootstrap token. */
export async function firstWorkstation(server: TestServer, name = 'a', sync: SyncEngineOptions = {}) {
  const ws = await Workstation.open(name, { sync });
  await ws.setUpFacility();
  await ws.signInOwner();
  await ws.sync.connect({ serverUrl: server.url, bootstrapToken: server.tokenFor(ws.facilityId()) });
  return ws;
}

/** A fresh workstation enrolled by a code made on `by`, after its initial sync. */
export async function joinedWorkstation(by: Workstation, name: string, sync: SyncEngineOptions = {}, start?: number) {
  await by.sync.syncNow();
  const { code, serverUrl } = await by.sync.createEnrollmentCode({ ttlHours: 24 });
  const ws = await Workstation.open(name, { sync, ...(start === undefined ? {} : { start }) });
  await ws.sync.join({ serverUrl, code });
  return ws;
}

/** Syncs each workstation in turn, twice: afterwards every one holds every change. */
export async function syncAll(workstations: readonly Workstation[]): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    for (const ws of workstations) await ws.sync.syncNow();
  }
}

/**
 * Every synced table, the merge bookkeeping, the derived search index and the
 * conflict log (without local review marks and detection times), as one text:
 * equal texts mean equal data.
 */
export function canonicalDump(ws: Workstation): string {
  const { db } = ws;
  const out: Record<string, unknown[]> = {};
  for (const spec of SYNCED_TABLES) {
    const columns = syncedColumnsOf(db, spec);
    out[spec.name] = db.prepare(`SELECT ${columns.join(', ')} FROM ${spec.name} ORDER BY ${spec.key.join(', ')}`).all();
  }
  out['column_versions'] = db.prepare('SELECT * FROM column_versions ORDER BY table_name, row_id, column_name').all();
  out['column_edits'] = db.prepare('SELECT * FROM column_edits ORDER BY table_name, row_id, column_name, hlc').all();
  out['patient_search'] = db.prepare('SELECT patient_id, terms FROM patient_search ORDER BY patient_id').all();
  out['sync_conflicts'] = conflictSet(ws);
  return JSON.stringify(out);
}

export function conflictSet(ws: Workstation): unknown[] {
  return ws.db
    .prepare(
      `SELECT id, table_name, row_id, column_name, winning_value, losing_value, winning_hlc, losing_hlc, losing_device_id
       FROM sync_conflicts ORDER BY id`,
    )
    .all();
}

/** Every row count of the synced tables: what "nothing applied" compares. */
export function rowCounts(ws: Workstation): Record<string, number> {
  return Object.fromEntries(
    SYNCED_TABLES.map((spec) => [
      spec.name,
      ws.db.prepare(`SELECT count(*) FROM ${spec.name}`).pluck().get() as number,
    ]),
  );
}

/** A registration for sync tests, confirmed not a duplicate so it never asks. Its names serve as canaries. */
export const SAMPLE_PATIENT = {
  familyName: 'Mwangi',
  givenName: 'Halima',
  sex: 'female',
  birth: { kind: 'date', date: '1979-09-09' },
  phone: '0711 222 333',
  residence: { county: 'Mombasa' },
  identifiers: [],
  confirmedNotDuplicate: true,
} as const;

/** A first workstation and a second joined to it; `keep` registers each for disposal after the test. */
export async function workstationPair(
  server: TestServer,
  keep: (ws: Workstation) => void,
): Promise<{ a: Workstation; b: Workstation }> {
  const a = await firstWorkstation(server, 'a');
  keep(a);
  const b = await joinedWorkstation(a, 'b');
  keep(b);
  return { a, b };
}

/**
 * Pushes a batch a test sealed by hand as workstation `from`, signing the
 * request with `signKey`, the way the engine would: for attacks that the
 * engine itself would never produce.
 */
export function pushSealedBatch(
  server: TestServer,
  from: Workstation,
  signKey: KeyObject,
  sealed: SealedBatch,
): Promise<PushBatchResponse> {
  const signer = { deviceId: from.core.services.workstationId, signKey };
  return pushSealed(server.url, signer, sealed, { now: () => from.now, timeoutMs: 10_000 });
}
