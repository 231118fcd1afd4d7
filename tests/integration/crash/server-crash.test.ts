/**
 * The sync server killed with SIGKILL in the middle of a push, and started
 * again on the same SQLite file: the real server (`sync-server/src/main.ts`,
 * bundled) in its own process, real workstations in this one. Two moments:
 * - the server has begun the request (it logged it) and has half of the body;
 * - the server has stored the batch and answered, and the answer is lost with it.
 * After the restart the workstation pushes again; the server's cursors and
 * sequences stay gapless, no batch or change is stored twice, and both
 * workstations converge.
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncError } from '../../../electron/core/sync/errors';
import type { FetchLike } from '../../../electron/core/sync/client';
import { makeTempDir } from '../../../electron/core/testing/temp-dir';
import { freePort } from '../../../sync-server/src/testing/embedded-pg';
import { canonicalDump, conflictSet, joinedWorkstation, rowCounts, Workstation } from '../sync/support';
import { expectEachChangeStoredOnce, expectGapless, outboxSize, storedBatches } from './checks';
import { registerPatientsUntilPending } from './patients';
import { bundle, start, type Bundles, type Running } from './processes';

const SERVER_MAIN = 'sync-server/src/main.ts';
const SMALL_BATCHES = { maxBatchChanges: 10 };

let bundles: Bundles;
let cleanup: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  bundles = await bundle([SERVER_MAIN]);
});
afterAll(() => bundles.remove());
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** The server process on a fixed port and data directory, so a restart is the same server to the workstations. */
class ServerProcess {
  private running: Running | null = null;
  readonly url: string;
  readonly file: string;

  constructor(
    private readonly port: number,
    private readonly dataDir: string,
    private readonly bootstrap: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.file = `${dataDir}/sync.sqlite`;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  get process(): Running {
    if (this.running === null) throw new Error('The server is not running');
    return this.running;
  }

  async start(): Promise<void> {
    this.running = start(bundles.get(SERVER_MAIN), {
      ZAHANATI_SYNC_DATA: this.dataDir,
      ZAHANATI_SYNC_HOST: '127.0.0.1',
      ZAHANATI_SYNC_PORT: String(this.port),
      ZAHANATI_SYNC_BOOTSTRAP: this.bootstrap,
    });
    await this.running.line('Zahanati sync server listening on');
  }

  async kill(): Promise<NodeJS.Signals | null> {
    const signal = await this.process.kill();
    this.running = null;
    return signal;
  }
}

/** Fastify's own log line at the start of each request, before it reads the body. */
const isIncomingPush = (line: string) =>
  line.includes('"msg":"incoming request"') && line.includes('"method":"POST"') && line.includes('"url":"/v1/batches"');

type Interruption = 'half-body' | 'answer-lost';

/**
 * The workstation's fetch, which can interrupt its Nth push: send the headers
 * and half of the body and then nothing more, or let the push through and lose
 * the answer. `reached` resolves at that point; `release` lets the lost answer
 * fail the push (a half-sent one fails by itself when the server dies).
 */
function interruptingFetch() {
  let plan: { push: number; how: Interruption; reached(): void; released: Promise<void> } | null = null;
  let pushes = 0;
  const fetchLike: FetchLike = async (url, init) => {
    const isPush = init.method === 'POST' && new URL(url).pathname === '/v1/batches';
    if (!isPush || plan === null) return fetch(url, init);
    pushes += 1;
    if (pushes !== plan.push) return fetch(url, init);
    const current = plan;
    plan = null;
    if (current.how === 'half-body') return sendHalfBody(url, init, current.reached);
    await fetch(url, init);
    current.reached();
    await current.released;
    throw new TypeError('fetch failed'); // the connection died with the server
  };
  return {
    fetchLike,
    arm(push: number, how: Interruption) {
      pushes = 0;
      let reached!: () => void;
      let release!: () => void;
      const atPoint = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      plan = { push, how, reached, released };
      return { reached: atPoint, release };
    },
  };
}

/** A POST whose body stops halfway: the server holds an unfinished request until the connection dies. */
function sendHalfBody(url: string, init: RequestInit, sent: () => void): Promise<Response> {
  const body = Buffer.from(String(init.body));
  const headers = { ...(init.headers as Record<string, string>), 'content-length': String(body.length) };
  return new Promise<Response>((_resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers });
    request.on('error', () => reject(new TypeError('fetch failed')));
    request.on('response', () => reject(new Error('The server answered a request it had only half of')));
    request.write(body.subarray(0, Math.floor(body.length / 2)), () => sent());
  });
}

/** Workstation A (first of its facility, with the interrupting fetch), the server process, and B joined. */
async function facilityOnServerProcess() {
  const control = interruptingFetch();
  const a = await Workstation.open('a', { start: Date.now(), sync: { ...SMALL_BATCHES, fetch: control.fetchLike } });
  cleanup.push(() => a.dispose());
  await a.setUpFacility();
  await a.signInOwner();
  const token = 'crash-test-bootstrap-token-0123456789';
  const dir = makeTempDir('zahanati-sync-server-crash-');
  cleanup.push(() => dir.remove());
  const server = new ServerProcess(await freePort(), dir.path, `${a.facilityId()}=${token}`);
  await server.start();
  cleanup.push(async () => {
    if (server.isRunning) await server.kill();
  });
  await a.sync.connect({ serverUrl: server.url, bootstrapToken: token });
  const b = await joinedWorkstation(a, 'b', {}, a.now);
  cleanup.push(() => b.dispose());
  return { a, b, server, control };
}

describe('the server killed mid-push and restarted on the same database', () => {
  it.each([
    { how: 'half-body' as const, when: 'while it holds half of the request body', storedAtKill: 2, duplicates: 0 },
    { how: 'answer-lost' as const, when: 'after storing a batch, its answer lost', storedAtKill: 3, duplicates: 1 },
  ])('$when: the workstation pushes again, gapless, nothing twice', async ({ how, storedAtKill, duplicates }) => {
    const { a, b, server, control } = await facilityOnServerProcess();
    const facilityId = a.facilityId();
    const patients = await registerPatientsUntilPending(a, SMALL_BATCHES.maxBatchChanges * 5);
    const storedBefore = storedBatches(server.file, facilityId).length;
    const pushesLogged = server.process.countLines(isIncomingPush);

    const point = control.arm(3, how);
    const run = a.sync.syncNow().catch((error: unknown) => error);
    await point.reached;
    if (how === 'half-body') await server.process.lines(isIncomingPush, pushesLogged + 3);
    expect(await server.kill()).toBe('SIGKILL');
    point.release();
    expect(await run).toBeInstanceOf(SyncError);
    expect(a.sync.status()).toMatchObject({ online: false });
    expect(storedBatches(server.file, facilityId)).toHaveLength(storedBefore + storedAtKill);
    // The batch being pushed, and the next one, sealed while the first was on the wire.
    expect(outboxSize(a)).toBe(2);

    await server.start();
    const again = await a.sync.syncNow();
    expect(again.duplicatePushes).toBe(duplicates);
    expect(outboxSize(a)).toBe(0);
    await b.sync.syncNow();
    await a.sync.syncNow();

    const batches = storedBatches(server.file, facilityId);
    expectGapless(batches);
    expectEachChangeStoredOnce(batches, a);
    expect(rowCounts(b)['patients']).toBe(patients);
    expect(canonicalDump(b)).toBe(canonicalDump(a));
    expect(conflictSet(b)).toEqual([]);
  });
});
