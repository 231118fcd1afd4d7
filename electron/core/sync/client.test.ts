/**
 * SyncClient against a real HTTP server on loopback that drops connections without answering, as
 * a kept-alive socket fails when the server closed it while the workstation's event loop was busy.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { AUTH_HEADERS } from '../../../shared/sync/wire';
import { SyncClient, type Signer } from './client';
import { MESSAGES } from './errors';

const signer: Signer = { deviceId: 'device-1', signKey: generateKeyPairSync('ed25519').privateKey };
const answerSchema = z.object({ ok: z.literal(true) });

/** Every request the server got. */
interface Seen {
  method: string;
  nonce: string;
}

let server: Server;
let url: string;
let seen: Seen[];
/** How many of the next requests the server drops, closing their connection without an answer. */
let dropNext: number;
/** Whether the server leaves requests unanswered instead. */
let silent: boolean;

beforeEach(async () => {
  seen = [];
  dropNext = 0;
  silent = false;
  server = createServer((request: IncomingMessage, response) => {
    seen.push({ method: request.method ?? '', nonce: String(request.headers[AUTH_HEADERS.nonce]) });
    request.resume();
    if (silent) return;
    if (dropNext > 0) {
      dropNext -= 1;
      request.socket.destroy();
      return;
    }
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('The server has no address');
  url = `http://127.0.0.1:${address.port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(timeoutMs = 10_000): SyncClient {
  let skew: number | null = null;
  return new SyncClient(url, {
    fetch: (input, init) => fetch(input, init),
    now: () => Date.now(),
    skew: { get: () => skew, set: (ms) => void (skew = ms) },
    timeoutMs,
  });
}

it('sends an idempotent request once more, newly signed, when its connection was dropped', async () => {
  const sync = client();
  dropNext = 1;
  await expect(sync.request(signer, 'GET', '/v1/batches?after=0', undefined, answerSchema)).resolves.toEqual({
    ok: true,
  });
  dropNext = 1;
  await expect(
    sync.request(signer, 'POST', '/v1/batches', { n: 1 }, answerSchema, { idempotent: true }),
  ).resolves.toEqual({ ok: true });
  dropNext = 1;
  await expect(sync.request(signer, 'PUT', '/v1/keys', { n: 1 }, answerSchema)).resolves.toEqual({ ok: true });

  expect(seen.map((s) => s.method)).toEqual(['GET', 'GET', 'POST', 'POST', 'PUT', 'PUT']);
  expect(new Set(seen.map((s) => s.nonce)).size).toBe(seen.length);
});

it('does not send again a request the server might act on twice, and says the server could not be reached', async () => {
  dropNext = 1;
  await expect(client().request(signer, 'POST', '/v1/enrollments/redeem', {}, answerSchema)).rejects.toMatchObject({
    kind: 'offline',
    message: MESSAGES.offline,
  });
  expect(seen.map((s) => s.method)).toEqual(['POST']);
});

it('sends an idempotent request at most twice', async () => {
  dropNext = 3;
  await expect(client().request(signer, 'GET', '/v1/devices', undefined, answerSchema)).rejects.toMatchObject({
    kind: 'offline',
    message: MESSAGES.offline,
  });
  expect(seen.map((s) => s.method)).toEqual(['GET', 'GET']);
});

it('does not send again a request that timed out: the server may still be working on it', async () => {
  silent = true;
  await expect(client(300).request(signer, 'GET', '/v1/devices', undefined, answerSchema)).rejects.toMatchObject({
    kind: 'offline',
    message: MESSAGES.timeout,
  });
  expect(seen.map((s) => s.method)).toEqual(['GET']);
});
