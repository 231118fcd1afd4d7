/**
 * The sync server in a child process for the benchmarks, so the server and the
 * workstations it serves do not share one event loop (as in the field). The
 * benchmark bundle forks itself with `--serve-sync`; the child builds the
 * real server (`buildServer`) on the real storage, with rate limits off, and
 * records how long each request took inside the server (Fastify's
 * `elapsedTime`, from the request's arrival to the end of its response), so the
 * parent can tell server time from client time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import { buildServer } from '../../sync-server/src/app';
import { PostgresStorage } from '../../sync-server/src/storage/postgres';
import { SqliteStorage } from '../../sync-server/src/storage/sqlite';
import { type SyncStorage } from '../../sync-server/src/storage/storage';
import { type CheckpointMode } from '../../sync-server/src/storage/wal-checkpointer';

const SERVE_FLAG = '--serve-sync';
const CONFIG_ENV = 'ZAHANATI_BENCH_SERVE';

export type ServerStorageConfig = { kind: 'sqlite'; filename: string } | { kind: 'postgres'; pool: pg.PoolConfig };

export interface ServeConfig {
  storage: ServerStorageConfig;
  /** facilityId → bootstrap token. */
  bootstrapTokens: Record<string, string>;
}

export interface ServerSideStats {
  /** Server CPU time (user + system) since start, ms. */
  cpuMs: number;
  /** Share of the time the server's event loop was busy (not waiting for I/O). */
  eventLoopUtilization: number;
  /** Event-loop delay while measured (a synchronous checkpoint or fsync shows here), ms. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Where SQLite's WAL checkpoints run ('worker' unless the worker failed); null on PostgreSQL. */
  checkpointer: CheckpointMode | null;
  /** Time inside the server per request, ms, by route kind. */
  pushMs: number[];
  pullMs: number[];
  otherMs: number[];
}

type ToChild =
  { type: 'stats' } | { type: 'reset' } | { type: 'stop' } | { type: 'token'; facilityId: string; token: string };
type FromChild =
  | { type: 'ready'; port: number }
  | { type: 'stats'; stats: ServerSideStats }
  | { type: 'token-added'; facilityId: string }
  | { type: 'stopped' };

/** True in the forked child: the bundle's entry then calls `serveFromEnv` instead of the benchmark. */
export function isServeMode(): boolean {
  return process.argv[2] === SERVE_FLAG;
}

function openStorage(config: ServerStorageConfig): SyncStorage {
  // ZAHANATI_BENCH_CHECKPOINT=main checkpoints on the serving connection (SQLite's default), for comparison.
  const checkpoint = process.env.ZAHANATI_BENCH_CHECKPOINT === 'main' ? false : {};
  return config.kind === 'sqlite'
    ? new SqliteStorage({ filename: config.filename, checkpoint })
    : new PostgresStorage({ pool: config.pool });
}

/** The child's whole life: serve until the parent says stop (or dies, which closes the IPC channel). */
export async function serveFromEnv(): Promise<void> {
  const text = process.env[CONFIG_ENV];
  if (text === undefined || process.send === undefined) throw new Error('Run only as the benchmark server child');
  const config = JSON.parse(text) as ServeConfig;
  const storage = openStorage(config.storage);
  await storage.migrate();
  // The server reads this map at each registration, so tokens added later (by message) count too.
  const bootstrapTokens = new Map(Object.entries(config.bootstrapTokens));
  const app = await buildServer({ storage, rateLimit: false, bootstrapTokens });
  const checkpointer = storage instanceof SqliteStorage ? await storage.checkpointMode() : null;
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let samples: Omit<
    ServerSideStats,
    'cpuMs' | 'eventLoopUtilization' | 'checkpointer' | 'eventLoopDelayP99Ms' | 'eventLoopDelayMaxMs'
  > = {
    pushMs: [],
    pullMs: [],
    otherMs: [],
  };
  let cpuBase = process.cpuUsage();
  let eluBase = performance.eventLoopUtilization();
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url;
    const list =
      route === '/v1/batches' ? (request.method === 'POST' ? samples.pushMs : samples.pullMs) : samples.otherMs;
    list.push(reply.elapsedTime);
  });
  const send = (message: FromChild) => process.send?.(message);
  process.on('message', (message: ToChild) => {
    if (message.type === 'stats') {
      const cpu = process.cpuUsage(cpuBase);
      const elu = performance.eventLoopUtilization(eluBase).utilization;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const eventLoopDelayP99Ms = delay.percentile(99) / 1e6;
      const eventLoopDelayMaxMs = delay.max / 1e6;
      send({
        type: 'stats',
        stats: { cpuMs, eventLoopUtilization: elu, checkpointer, eventLoopDelayP99Ms, eventLoopDelayMaxMs, ...samples },
      });
    } else if (message.type === 'token') {
      bootstrapTokens.set(message.facilityId, message.token);
      send({ type: 'token-added', facilityId: message.facilityId });
    } else if (message.type === 'reset') {
      samples = { pushMs: [], pullMs: [], otherMs: [] };
      cpuBase = process.cpuUsage();
      eluBase = performance.eventLoopUtilization();
      delay.reset();
    } else {
      void app
        .close()
        .then(() => storage.close())
        .then(() => {
          send({ type: 'stopped' });
          process.exit(0);
        });
    }
  });
  process.on('disconnect', () => process.exit(0));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('The server has no port');
  send({ type: 'ready', port: address.port });
}

export interface ServerChild {
  readonly url: string;
  /** Clears the server-side samples and CPU counter (call after setup, before the measured part). */
  reset(): Promise<void>;
  stats(): Promise<ServerSideStats>;
  /** Lets a facility's first workstation register with this bootstrap token. */
  addToken(facilityId: string, token: string): Promise<void>;
  stop(): Promise<void>;
}

function nextMessage<T extends FromChild['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<FromChild, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`The benchmark server exited (code ${String(code)})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Forks this very bundle as the server child and waits until it listens. */
export async function startServerChild(config: ServeConfig): Promise<ServerChild> {
  const entry = process.argv[1];
  if (entry === undefined) throw new Error('No entry script to fork');
  // ZAHANATI_BENCH_SERVER_PROFILE=<dir> writes a V8 CPU profile of the server there, to see where its time goes.
  const profileDir = process.env.ZAHANATI_BENCH_SERVER_PROFILE;
  const child = fork(entry, [SERVE_FLAG], {
    execArgv: profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
    env: { ...process.env, [CONFIG_ENV]: JSON.stringify(config) },
    // The child's stdout goes to our stderr: stdout carries only the benchmark's JSON lines.
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child.stdout?.pipe(process.stderr);
  const { port } = await nextMessage(child, 'ready');
  return {
    url: `http://127.0.0.1:${port}`,
    async reset() {
      // A stats round trip after the reset proves the reset happened before we go on.
      const answer = nextMessage(child, 'stats');
      child.send({ type: 'reset' } satisfies ToChild);
      child.send({ type: 'stats' } satisfies ToChild);
      await answer;
    },
    async stats() {
      const answer = nextMessage(child, 'stats');
      child.send({ type: 'stats' } satisfies ToChild);
      return (await answer).stats;
    },
    async addToken(facilityId, token) {
      const answer = nextMessage(child, 'token-added');
      child.send({ type: 'token', facilityId, token } satisfies ToChild);
      await answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' } satisfies ToChild);
      await exited;
    },
  };
}
