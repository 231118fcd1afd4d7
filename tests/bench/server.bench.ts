/**
 * Sync server load: 200 simulated workstations (40 facilities of 5) push and
 * pull against the real server in its own process on loopback, on its
 * embedded SQLite storage, rate limits off. A workstation's sync round is the
 * real client's: push one batch (50–200 KB of AES-256-GCM ciphertext, signed
 * like the client's, fresh request signature), then pull everything new for
 * its facility in pages. Two phases, one fixed amount of work each:
 *
 * 1. Saturated: every workstation runs its rounds back to back, so the server
 *    is never idle. → `server.batches_per_s` (batches stored per second: the
 *    server's capacity) and `server.saturated.p99_ms`. With 200 workstations
 *    always waiting, latency here is concurrency ÷ throughput (Little's law),
 *    whatever the server does: a p99 under 100 ms would need under 0.5 ms of
 *    server time per request.
 * 2. Paced: every workstation syncs every 10 s (a field client's interval is
 *    longer), at a random phase — 200 workstations concurrently connected and
 *    syncing, as in the field but busier. → `server.p99_ms`, the latency a
 *    workstation sees.
 *
 * Extra fields split latency into push and pull, and into time inside the
 * server (Fastify's elapsedTime) versus client and network, and give the
 * server's CPU and event-loop use.
 *
 *   npm run bench            200 workstations × 10 rounds each phase
 *   npm run bench -- --quick 200 workstations × 1 round each phase
 */
import { createHash, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_HEADERS, canonicalRequestBytes, pushBatchResponseSchema } from '../../shared/sync/wire';
import { TestDevice } from '../../sync-server/src/testing/device';
import { isServeMode, serveFromEnv, startServerChild, type ServerChild, type ServerSideStats } from './server-process';
import { emit, msSince, percentile, progress, quick, round3, runBench } from './support';

const WORKSTATIONS = 200;
const PER_FACILITY = 5;
const ROUNDS = quick ? 1 : 10;
const SYNC_INTERVAL_MS = 10_000;
const MIN_CIPHERTEXT = 50 * 1024;
const MAX_CIPHERTEXT = 200 * 1024;
/** Batches per pull page: ~1 MB pages at these batch sizes. */
const PULL_LIMIT = 8;

interface Workstation {
  device: TestDevice;
  token: string;
  dataKey: Buffer;
  nextSequence: number;
  cursor: number;
  /** Push bodies sealed before the phase, in sequence order (see `sealAhead`). */
  sealed: SealedBody[];
}

interface SealedBody {
  body: Buffer;
  sha256: string;
}

interface Samples {
  push: number[];
  pull: number[];
  pushed: number;
  pulledBatches: number;
}

const newSamples = (): Samples => ({ push: [], pull: [], pushed: 0, pulledBatches: 0 });

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const EMPTY_SHA256 = sha256Hex(new Uint8Array(0));

/** The signed headers of one request: fresh timestamp and nonce each time (replay protection). */
function signedHeaders(device: TestDevice, method: string, path: string, bodySha256: string): Record<string, string> {
  const timestamp = Date.now();
  const nonce = randomBytes(16).toString('hex');
  const bytes = canonicalRequestBytes({ method, path, timestamp, nonce, bodySha256Hex: bodySha256 });
  return {
    [AUTH_HEADERS.device]: device.id,
    [AUTH_HEADERS.timestamp]: String(timestamp),
    [AUTH_HEADERS.nonce]: nonce,
    [AUTH_HEADERS.signature]: sign(null, bytes, device.privateKey).toString('base64'),
  };
}

/** The next batch of the workstation: real AES-256-GCM under its facility's key, signed by the device. */
function sealNext(ws: Workstation): Buffer {
  const size = MIN_CIPHERTEXT + Math.floor(Math.random() * (MAX_CIPHERTEXT - MIN_CIPHERTEXT));
  // Base64 text stands in for compressed changes; GCM adds 12 (IV) + 16 (tag) bytes.
  const plaintext = randomBytes(size)
    .toString('base64')
    .slice(0, size - 28);
  const batch = ws.device.makeBatch(ws.nextSequence, plaintext, ws.dataKey);
  ws.nextSequence += 1;
  return Buffer.from(JSON.stringify(batch));
}

function makeWorkstations(): { workstations: Workstation[]; tokens: Record<string, string> } {
  const tokens: Record<string, string> = {};
  const keys = new Map<string, Buffer>();
  const workstations: Workstation[] = [];
  for (let index = 0; index < WORKSTATIONS; index += 1) {
    const facilityId = `bench-facility-${Math.floor(index / PER_FACILITY)}`;
    const token = (tokens[facilityId] ??= `bench-bootstrap-${facilityId}-${randomBytes(8).toString('hex')}`);
    const dataKey = keys.get(facilityId) ?? randomBytes(32);
    keys.set(facilityId, dataKey);
    workstations.push({
      device: new TestDevice(`bench-ws-${index}`, facilityId),
      token,
      dataKey,
      nextSequence: 1,
      cursor: 0,
      sealed: [],
    });
  }
  return { workstations, tokens };
}

async function register(server: ServerChild, workstations: readonly Workstation[]): Promise<void> {
  for (let from = 0; from < workstations.length; from += 20) {
    await Promise.all(
      workstations.slice(from, from + 20).map(async ({ device, token }) => {
        const sent = await device.register(server.url, token);
        if (sent.status !== 201) throw new Error(`registration failed with ${sent.status}`);
      }),
    );
  }
}

/**
 * Seals every batch the phase will push before it starts. The workstations and the server share
 * this machine's cores; encrypting and signing megabytes inside the measured phase would take CPU
 * from the server and measure the simulated clients instead of it. (A real workstation seals on
 * its own machine.) The request itself is still signed at send time: its timestamp must be fresh.
 */
function sealAhead(workstations: readonly Workstation[], rounds: number): void {
  for (const ws of workstations) {
    for (let round = 0; round < rounds; round += 1) {
      const body = sealNext(ws);
      ws.sealed.push({ body, sha256: sha256Hex(body) });
    }
  }
}

async function push(server: ServerChild, ws: Workstation, samples: Samples): Promise<void> {
  const next = ws.sealed.shift();
  if (next === undefined) throw new Error('No sealed batch left for this round');
  const { body, sha256: bodySha256 } = next;
  const start = process.hrtime.bigint();
  const response = await fetch(`${server.url}/v1/batches`, {
    method: 'POST',
    headers: { ...signedHeaders(ws.device, 'POST', '/v1/batches', bodySha256), 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  samples.push.push(msSince(start));
  if (response.status !== 201) throw new Error(`push answered ${response.status}: ${text.slice(0, 200)}`);
  pushBatchResponseSchema.parse(JSON.parse(text));
  samples.pushed += 1;
}

/**
 * Checks what the round depends on, cheaply: the JSON parses, cursors advance past the
 * workstation's and the page says where to go on. The full schema (a base64 pattern over every
 * ciphertext) is the client's cost, measured by the workstation benchmarks; here it would only
 * take CPU from the server sharing this machine.
 */
function checkPage(text: string, after: number): { nextCursor: number; hasMore: boolean; batches: number } {
  const page = JSON.parse(text) as { batches?: unknown; nextCursor?: unknown; hasMore?: unknown };
  if (!Array.isArray(page.batches) || typeof page.nextCursor !== 'number' || typeof page.hasMore !== 'boolean') {
    throw new Error('The pull page is malformed');
  }
  let previous = after;
  for (const batch of page.batches as { cursor?: unknown; ciphertext?: unknown }[]) {
    if (typeof batch.cursor !== 'number' || batch.cursor <= previous || typeof batch.ciphertext !== 'string') {
      throw new Error('The pull page holds a malformed batch');
    }
    previous = batch.cursor;
  }
  if (page.nextCursor !== previous) throw new Error('The pull page names the wrong next cursor');
  return { nextCursor: page.nextCursor, hasMore: page.hasMore, batches: page.batches.length };
}

/** Pulls every page after the workstation's cursor. */
async function pullAll(server: ServerChild, ws: Workstation, samples: Samples): Promise<void> {
  for (;;) {
    const path = `/v1/batches?after=${ws.cursor}&limit=${PULL_LIMIT}`;
    const start = process.hrtime.bigint();
    const response = await fetch(server.url + path, { headers: signedHeaders(ws.device, 'GET', path, EMPTY_SHA256) });
    const text = await response.text();
    samples.pull.push(msSince(start));
    if (response.status !== 200) throw new Error(`pull answered ${response.status}: ${text.slice(0, 200)}`);
    const page = checkPage(text, ws.cursor);
    samples.pulledBatches += page.batches;
    ws.cursor = page.nextCursor;
    if (!page.hasMore) return;
  }
}

/** `pacing`: start each round on a fixed schedule (random phase, then every interval) instead of back to back. */
async function runWorkstation(
  server: ServerChild,
  ws: Workstation,
  samples: Samples,
  pacing: { startAt: number; intervalMs: number } | null,
): Promise<void> {
  for (let round = 0; round < ROUNDS; round += 1) {
    if (pacing !== null) {
      const due = pacing.startAt + Math.random() * pacing.intervalMs + round * pacing.intervalMs;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
    }
    await push(server, ws, samples);
    await pullAll(server, ws, samples);
  }
}

interface PhaseResult {
  samples: Samples;
  seconds: number;
  inside: ServerSideStats;
  clientCpuMs: number;
}

async function runPhase(
  server: ServerChild,
  workstations: readonly Workstation[],
  pacing: { intervalMs: number } | null,
): Promise<PhaseResult> {
  sealAhead(workstations, ROUNDS);
  await server.reset();
  const samples = newSamples();
  const clientCpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const startAt = Date.now();
  await Promise.all(
    workstations.map((ws) => runWorkstation(server, ws, samples, pacing && { startAt, intervalMs: pacing.intervalMs })),
  );
  const seconds = msSince(start) / 1000;
  const cpu = process.cpuUsage(clientCpu);
  return { samples, seconds, inside: await server.stats(), clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** The fields that say where a phase's latency went. */
function breakdown({ samples, seconds, inside, clientCpuMs }: PhaseResult): Record<string, number | string> {
  const all = [...samples.push, ...samples.pull];
  const insideAll = [...inside.pushMs, ...inside.pullMs];
  return {
    requests: all.length,
    seconds: round3(seconds),
    p50Ms: round3(percentile(all, 50)),
    pushP99Ms: round3(percentile(samples.push, 99)),
    pullP99Ms: round3(percentile(samples.pull, 99)),
    insideServerP50Ms: round3(percentile(insideAll, 50)),
    insideServerP99Ms: round3(percentile(insideAll, 99)),
    insidePushMeanMs: round3(mean(inside.pushMs)),
    insidePullMeanMs: round3(mean(inside.pullMs)),
    serverCpuMsPerRequest: round3(inside.cpuMs / Math.max(1, all.length)),
    serverCpuShare: round3(inside.cpuMs / (seconds * 1000)),
    serverEventLoopBusy: round3(inside.eventLoopUtilization),
    clientCpuShare: round3(clientCpuMs / (seconds * 1000)),
    serverEventLoopDelayP99Ms: round3(inside.eventLoopDelayP99Ms),
    serverEventLoopDelayMaxMs: round3(inside.eventLoopDelayMaxMs),
    checkpointer: inside.checkpointer ?? 'none',
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zahanati-bench-server-'));
  const { workstations, tokens } = makeWorkstations();
  const server = await startServerChild({
    storage: { kind: 'sqlite', filename: join(dir, 'sync.sqlite') },
    bootstrapTokens: tokens,
  });
  try {
    await register(server, workstations);

    progress(`saturated: ${WORKSTATIONS} workstations × ${ROUNDS} rounds back to back`);
    const saturated = await runPhase(server, workstations, null);
    const all = [...saturated.samples.push, ...saturated.samples.pull];
    emit('server.batches_per_s', saturated.samples.pushed / saturated.seconds, '1/s', {
      workstations: WORKSTATIONS,
      rounds: ROUNDS,
      batchesPushed: saturated.samples.pushed,
      batchesPulled: saturated.samples.pulledBatches,
      pulledBatchesPerS: round3(saturated.samples.pulledBatches / saturated.seconds),
      requestsPerS: round3(all.length / saturated.seconds),
    });
    emit('server.saturated.p99_ms', percentile(all, 99), 'ms', breakdown(saturated));

    progress(`paced: ${WORKSTATIONS} workstations each syncing every ${SYNC_INTERVAL_MS / 1000} s, ${ROUNDS} rounds`);
    const paced = await runPhase(server, workstations, { intervalMs: SYNC_INTERVAL_MS });
    emit('server.p99_ms', percentile([...paced.samples.push, ...paced.samples.pull], 99), 'ms', {
      goal: 100,
      workstations: WORKSTATIONS,
      syncIntervalS: SYNC_INTERVAL_MS / 1000,
      ...breakdown(paced),
    });
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isServeMode()) runBench(serveFromEnv);
else runBench(main);
