/**
 * WAL checkpoints off the request path. better-sqlite3 is synchronous: an
 * auto-checkpoint on the serving connection copies ~4 MB of pages into the
 * database file and fsyncs it inside a commit, stalling the event loop for tens
 * of milliseconds. Instead the serving connection runs with
 * `wal_autocheckpoint = 0` and a worker thread, with its own connection to the
 * same file, checkpoints on a timer:
 *
 * - `PASSIVE` every `intervalMs`: never takes the writer lock and never waits, so
 *   the serving connection keeps appending to the WAL while pages are copied.
 * - WAL growth: SQLite restarts the WAL from its start at the first write after a
 *   checkpoint has backfilled every frame, provided no reader still uses the WAL.
 *   Here the only reader is the serving connection, whose read transactions each
 *   last one synchronous statement, so there is always such a moment and the WAL
 *   is reused instead of growing; `journal_size_limit` (set by the serving
 *   connection) shrinks the file when it restarts. Should readers never pause (a
 *   second process reading the file), a `TRUNCATE` is tried once the file passes
 *   `truncateAboveBytes`, right after a PASSIVE backfilled everything and with a
 *   zero busy timeout: it gives up at once rather than hold the writer lock while
 *   waiting for readers, which would stall the serving connection's writes.
 *
 * The worker's source is an inline CommonJS string (`eval: true`), not a file:
 * the server runs from TypeScript under vitest, from esbuild bundles (the
 * benchmarks, `npm run sync-server`) and from the e2e host, and a separate
 * worker file would have to be found and shipped beside each. The one thing
 * the worker needs, the better-sqlite3 entry point, is resolved here (where
 * module resolution is the caller's) and passed in.
 *
 * If the worker cannot start or dies, the storage falls back to checkpointing on
 * the serving connection (SQLite's default auto-checkpoint) and logs it.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export interface WalCheckpointOptions {
  /** Time between two PASSIVE checkpoints, ms (default 1000). */
  intervalMs?: number;
  /** WAL file size above which a non-blocking TRUNCATE is also tried, bytes (default 64 MiB). */
  truncateAboveBytes?: number;
  /** The better-sqlite3 entry the worker loads (default: resolved from here). Tests point it elsewhere. */
  driverPath?: string;
}

/** Structured log lines; pino's `(fields, message)` signature, so a Fastify logger fits. */
export interface StorageLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** One line of JSON on stderr per event, for callers that give no logger. */
export const stderrLogger: StorageLogger = {
  info: (fields, message) => writeLine('info', fields, message),
  warn: (fields, message) => writeLine('warn', fields, message),
};

function writeLine(level: string, fields: Record<string, unknown>, msg: string): void {
  process.stderr.write(`${JSON.stringify({ level, time: Date.now(), ...fields, msg })}\n`);
}

/** What the worker has done since it started. */
export interface WalCheckpointStats {
  /** PASSIVE checkpoints run. */
  passiveRuns: number;
  /** PASSIVE checkpoints that found frames and copied all of them into the database file. */
  fullBackfills: number;
  /** TRUNCATE checkpoints that emptied the WAL file. */
  truncates: number;
  /** `PRAGMA wal_checkpoint` of the last run: busy flag, frames in the WAL, frames checkpointed. */
  last: { busy: number; log: number; checkpointed: number } | null;
}

/** Where checkpoints run: starting up, in the worker, on the serving connection (fallback), or nowhere (closed). */
export type CheckpointMode = 'starting' | 'worker' | 'main-thread' | 'stopped';

type FromWorker =
  | { type: 'ready' }
  | { type: 'checkpointed'; id: number; stats: WalCheckpointStats }
  | { type: 'stopped'; stats: WalCheckpointStats };

interface WorkerData {
  filename: string;
  driverPath: string;
  intervalMs: number;
  truncateAboveBytes: number;
}

// Plain CommonJS run by the worker (see the header for why it is a string). Keep it small: it is not type-checked.
const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driverPath);
const BUSY_TIMEOUT_MS = 5000;
const db = new Database(workerData.filename, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
// FULL: the checkpoint fsyncs the WAL before copying and the database file before the WAL may be reused.
db.pragma('synchronous = FULL');
const stats = { passiveRuns: 0, fullBackfills: 0, truncates: 0, last: null };

function walBytes() {
  const stat = statSync(workerData.filename + '-wal', { throwIfNoEntry: false });
  return stat ? stat.size : 0;
}

function checkpoint(mode) {
  const row = db.pragma('wal_checkpoint(' + mode + ')')[0];
  stats.last = { busy: row.busy, log: row.log, checkpointed: row.checkpointed };
  return stats.last;
}

function truncateNow(timeoutMs) {
  db.pragma('busy_timeout = ' + timeoutMs);
  try {
    const result = checkpoint('TRUNCATE');
    if (result.busy === 0) stats.truncates += 1;
  } finally {
    db.pragma('busy_timeout = ' + BUSY_TIMEOUT_MS);
  }
}

function tick() {
  const result = checkpoint('PASSIVE');
  stats.passiveRuns += 1;
  const all = result.busy === 0 && result.log === result.checkpointed;
  if (all && result.log > 0) stats.fullBackfills += 1;
  // Zero timeout: never hold the writer lock waiting for readers (see wal-checkpointer.ts).
  if (all && walBytes() > workerData.truncateAboveBytes) truncateNow(0);
}

const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.type === 'checkpoint') {
    tick();
    parentPort.postMessage({ type: 'checkpointed', id: message.id, stats });
  } else if (message.type === 'stop') {
    clearInterval(timer);
    // The serving connection is idle while the storage closes: waiting for the lock is harmless now.
    truncateNow(BUSY_TIMEOUT_MS);
    db.close();
    parentPort.postMessage({ type: 'stopped', stats });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

/**
 * A checkpoint with nothing new to copy costs nothing (no fsync); one that copies fsyncs both files.
 * Once a second keeps the WAL near SQLite's 1000-page auto-checkpoint at a busy server's write rate
 * (~4 MB/s) without adding fsyncs that compete with the commits' own.
 */
const DEFAULT_INTERVAL_MS = 1000;

/** How long close() waits for the worker's last checkpoint before terminating it. */
const STOP_TIMEOUT_MS = 15_000;

/** The better-sqlite3 entry point as this module resolves it (vitest and the CJS bundles both define __filename). */
function defaultDriverPath(): string {
  const anchor = typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js');
  return createRequire(anchor).resolve('better-sqlite3');
}

function reasonOf(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { reason: String(error) };
  const code = (error as NodeJS.ErrnoException).code;
  return { reason: error.message, ...(code === undefined ? {} : { code }) };
}

/**
 * The checkpoint worker of one SQLite file. `onFallback` is called once if the worker cannot start or
 * dies: the caller then checkpoints on its own connection.
 */
export class WalCheckpointer {
  private worker: Worker | null;
  private state: CheckpointMode = 'starting';
  private readonly readyPromise: Promise<CheckpointMode>;
  private resolveReady: (mode: CheckpointMode) => void = () => undefined;
  private readonly pending = new Map<
    number,
    { resolve: (s: WalCheckpointStats) => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private stopping: Promise<void> | null = null;
  private finalStats: WalCheckpointStats | null = null;

  constructor(
    filename: string,
    options: WalCheckpointOptions,
    private readonly onFallback: () => void,
    private readonly log: StorageLogger,
  ) {
    this.readyPromise = new Promise((resolve) => (this.resolveReady = resolve));
    const workerData: WorkerData = {
      filename,
      driverPath: options.driverPath ?? defaultDriverPath(),
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      truncateAboveBytes: options.truncateAboveBytes ?? 64 * 1024 * 1024,
    };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    // A forgotten close() must not keep the process alive (the WAL is durable; the next open recovers it).
    this.worker.unref();
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (this.stopping === null) this.fail(new Error(`The checkpoint worker exited with code ${code}`));
    });
  }

  /** Resolves once the worker runs ('worker') or the fallback is in place ('main-thread'). */
  ready(): Promise<CheckpointMode> {
    return this.readyPromise;
  }

  get mode(): CheckpointMode {
    return this.state;
  }

  /** Runs a checkpoint in the worker now and returns its counters; rejects when the worker is not running. */
  checkpointNow(): Promise<WalCheckpointStats> {
    const worker = this.worker;
    if (worker === null || this.state !== 'worker' || this.stopping !== null) {
      return Promise.reject(new Error(`No checkpoint worker (${this.state})`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: 'checkpoint', id });
    });
  }

  /** The worker's counters at stop (null before, or when it never ran). */
  get stoppedStats(): WalCheckpointStats | null {
    return this.finalStats;
  }

  /** Asks the worker for a last TRUNCATE checkpoint and waits until it has closed its connection and exited. */
  stop(): Promise<void> {
    this.stopping ??= this.stopWorker();
    return this.stopping;
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    if (worker === null) {
      this.state = 'stopped';
      return;
    }
    // Keep the process alive until the last checkpoint is done (the caller may be shutting down).
    worker.ref();
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const timer = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    worker.postMessage({ type: 'stop' });
    await exited;
    clearTimeout(timer);
    this.worker = null;
    this.rejectPending(new Error('The checkpoint worker stopped'));
    this.state = 'stopped';
    this.resolveReady('stopped');
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'ready') {
      if (this.state === 'starting') this.state = 'worker';
      this.resolveReady(this.state);
    } else if (message.type === 'checkpointed') {
      this.pending.get(message.id)?.resolve(message.stats);
      this.pending.delete(message.id);
    } else {
      this.finalStats = message.stats;
    }
  }

  /** The worker could not start or died: hand checkpoints back to the serving connection, once. */
  private fail(error: unknown): void {
    if (this.state === 'main-thread') return;
    if (this.stopping !== null) {
      // Closing anyway: the serving connection, closing last, checkpoints what is left.
      this.log.warn(
        { component: 'sqlite-storage', event: 'wal-final-checkpoint-failed', ...reasonOf(error) },
        'last checkpoint failed',
      );
      return;
    }
    const worker = this.worker;
    this.worker = null;
    this.state = 'main-thread';
    this.log.warn(
      { component: 'sqlite-storage', event: 'wal-checkpoint-fallback', ...reasonOf(error) },
      'checkpoint worker unavailable; checkpointing on the serving connection',
    );
    this.rejectPending(new Error('The checkpoint worker died'));
    this.onFallback();
    this.resolveReady('main-thread');
    if (worker !== null) void worker.terminate();
  }

  private rejectPending(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
