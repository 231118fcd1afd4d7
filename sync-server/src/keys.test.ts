/**
 * Keys and workstations through real HTTP on loopback, over both storages: the device list,
 * sealed key envelopes, one-time enrollment codes, the recovery kit, and the schema upgrade.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DeviceListResponse,
  type KeyEnvelopeResponse,
  type RedeemEnrollmentResponse,
  type SyncErrorBody,
} from '../../shared/sync/wire';
import { SQLITE_MIGRATIONS } from './storage/sqlite';
import { POSTGRES_MIGRATIONS } from './storage/postgres';
import { codeIdOf, openWithCode, sealToBoxKey, sealToCode, TestDevice } from './testing/device';
import { errorCode, FACILITY, OTHER_FACILITY, startBackends, TOKEN, useServer } from './testing/harness';

const { backends, stop } = await startBackends();
afterAll(stop);

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

describe.each(backends)('keys and workstations on $name', (backend) => {
  if (backend.skip) {
    it.skip(backend.skipReason, () => undefined);
    return;
  }

  const h = useServer(backend);
  const { startServer, enrolled, metrics } = h;
  const dataKey = randomBytes(32);
  const keyring = JSON.stringify({ k1: dataKey.toString('base64') });

  /** A fresh device that is not registered yet (its facility is learnt from the code). */
  const newcomer = (id: string) => new TestDevice(id, FACILITY);

  async function createCode(url: string, by: TestDevice, code: string, ttlSeconds?: number) {
    const body = { codeId: codeIdOf(code), keyId: 'k1', envelope: sealToCode(code, keyring), ttlSeconds };
    return by.request(url, 'POST', '/v1/enrollments', body);
  }

  /** Creates a code and returns what the server should store for it: its id and its sealed keyring's bytes (as tableText shows them). */
  async function createSealedCode(
    url: string,
    by: TestDevice,
    code: string,
    ttlSeconds: number,
    options?: Parameters<TestDevice['request']>[4],
  ) {
    const envelope = sealToCode(code, keyring);
    const body = { codeId: codeIdOf(code), keyId: 'k1', envelope, ttlSeconds };
    const res = await by.request(url, 'POST', '/v1/enrollments', body, options);
    expect(res.status).toBe(201);
    return { codeId: codeIdOf(code), bytes: Buffer.from(envelope, 'base64').toString('latin1') };
  }

  function redeem(url: string, device: TestDevice, code: string, options?: Parameters<TestDevice['request']>[4]) {
    return device.request(url, 'POST', '/v1/enrollments/redeem', { ...device.keys, codeId: codeIdOf(code) }, options);
  }

  async function sealTo(url: string, by: TestDevice, recipients: TestDevice[], keyId = 'k1') {
    return by.request(url, 'PUT', '/v1/keys', {
      keyId,
      envelopes: recipients.map((r) => ({
        deviceId: r.id,
        envelope: sealToBoxKey(r.boxPublicKeyB64, `${keyId}:${keyring}`),
      })),
    });
  }

  async function deviceIds(url: string, asDevice: TestDevice) {
    const res = await asDevice.request(url, 'GET', '/v1/devices');
    expect(res.status).toBe(200);
    return (res.body as DeviceListResponse).devices.map((d) => `${d.deviceId}:${d.kind}:${d.status}`);
  }

  it("lists every device of the caller's facility with its public keys, and no other facility's", async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const b = await enrolled(url, 'ws-b');
    await enrolled(url, 'ws-x', OTHER_FACILITY);
    expect((await a.request(url, 'POST', '/v1/devices/ws-b/revoke', {})).status).toBe(200);
    const res = await a.request(url, 'GET', '/v1/devices');
    expect(res.status).toBe(200);
    const { devices } = res.body as DeviceListResponse;
    expect(devices.map((d) => [d.deviceId, d.kind, d.status])).toEqual([
      ['ws-a', 'workstation', 'active'],
      ['ws-b', 'workstation', 'revoked'],
    ]);
    expect(devices[0]).toMatchObject({ publicKey: a.publicKeyB64, boxPublicKey: a.boxPublicKeyB64 });
    expect(devices[1]).toMatchObject({ publicKey: b.publicKeyB64, boxPublicKey: b.boxPublicKeyB64 });
    const unsigned = await fetch(`${url}/v1/devices`);
    expect(unsigned.status).toBe(401);
  });

  it('stores a sealed keyring per device, replaces it, and gives each device only its own', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const b = await enrolled(url, 'ws-b');
    const c = await enrolled(url, 'ws-c');
    const put = await sealTo(url, a, [a, b]);
    expect([put.status, put.body]).toEqual([200, { stored: 2 }]);

    const mine = (await b.request(url, 'GET', '/v1/keys')).body as KeyEnvelopeResponse;
    expect(mine.keyId).toBe('k1');
    expect(b.openEnvelope(mine.envelope ?? '')).toBe(`k1:${keyring}`);
    // An envelope sealed to b is useless to a: each device fetches only its own.
    const aOwn = (await a.request(url, 'GET', '/v1/keys')).body as KeyEnvelopeResponse;
    expect(aOwn.envelope).not.toBe(mine.envelope);
    expect(() => a.openEnvelope(mine.envelope ?? '')).toThrow();
    expect((await c.request(url, 'GET', '/v1/keys')).body).toEqual({ keyId: null, envelope: null });

    // After a rotation b's envelope is replaced; a's (not named) is kept.
    expect((await sealTo(url, a, [b], 'k2')).status).toBe(200);
    const rotated = (await b.request(url, 'GET', '/v1/keys')).body as KeyEnvelopeResponse;
    expect(rotated.keyId).toBe('k2');
    expect(b.openEnvelope(rotated.envelope ?? '')).toBe(`k2:${keyring}`);
    expect(((await a.request(url, 'GET', '/v1/keys')).body as KeyEnvelopeResponse).keyId).toBe('k1');
    expect((await metrics(url)).sinceStart.keyEnvelopesStored).toBe(3);
  });

  it('refuses a key upload naming any device outside the facility, revoked or twice, and stores none of it', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const b = await enrolled(url, 'ws-b');
    const gone = await enrolled(url, 'ws-gone');
    const x = await enrolled(url, 'ws-x', OTHER_FACILITY);
    expect((await a.request(url, 'POST', '/v1/devices/ws-gone/revoke', {})).status).toBe(200);

    const cases: [TestDevice[], number, string, RegExp][] = [
      [[a, x], 403, 'FORBIDDEN', /ws-x is not a device of this facility; nothing was stored/],
      [[a, new TestDevice('ws-nobody', FACILITY)], 403, 'FORBIDDEN', /ws-nobody is not a device of this facility/],
      [[a, gone], 403, 'FORBIDDEN', /ws-gone is revoked/],
      [[a, b, a], 400, 'VALIDATION', /ws-a appears twice/],
    ];
    for (const [recipients, status, code, message] of cases) {
      const res = await sealTo(url, a, recipients);
      expect([res.status, errorCode(res.body)]).toEqual([status, code]);
      expect((res.body as SyncErrorBody).error.message).toMatch(message);
    }
    const notBase64 = await a.request(url, 'PUT', '/v1/keys', {
      keyId: 'k1',
      envelopes: [{ deviceId: 'ws-a', envelope: 'AB==' }],
    });
    expect([notBase64.status, errorCode(notBase64.body)]).toEqual([400, 'VALIDATION']);
    // All or nothing: a, valid in every refused upload, got nothing either.
    for (const device of [a, b, x]) {
      expect((await device.request(url, 'GET', '/v1/keys')).body).toEqual({ keyId: null, envelope: null });
    }
    expect(await h.storage.getEnvelope('ws-x')).toBeNull();
    expect((await metrics(url)).sinceStart.keyEnvelopesStored).toBe(0);
  });

  it('enrolls a workstation with a one-time code: it joins the facility and unwraps the sealed keyring', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const before = Date.now();
    const created = await createCode(url, a, 'JOIN-1111-2222');
    expect(created.status).toBe(201);
    const expiresAt = Date.parse((created.body as { expiresAt: string }).expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 24 * HOUR_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR_MS);
    const short = await createCode(url, a, 'JOIN-short', 600);
    expect(Date.parse((short.body as { expiresAt: string }).expiresAt)).toBeLessThanOrEqual(Date.now() + 600_000);
    const duplicate = await createCode(url, a, 'JOIN-1111-2222');
    expect([duplicate.status, errorCode(duplicate.body)]).toEqual([409, 'CONFLICT']);

    const n = newcomer('ws-new');
    const redeemed = await redeem(url, n, 'JOIN-1111-2222');
    expect(redeemed.status).toBe(201);
    const body = redeemed.body as RedeemEnrollmentResponse;
    expect(body).toMatchObject({ facilityId: FACILITY, keyId: 'k1' });
    expect(openWithCode('JOIN-1111-2222', body.envelope)).toBe(keyring);

    // The new device is a workstation of the facility now: it pushes, and others see its keys.
    expect(await deviceIds(url, a)).toContain('ws-new:workstation:active');
    expect((await n.request(url, 'POST', '/v1/batches', n.makeBatch(1, 'hello', dataKey))).status).toBe(201);
    // The same device asking again (a lost response) gets the same answer; any other device is refused.
    const retry = await redeem(url, n, 'JOIN-1111-2222');
    expect([retry.status, (retry.body as RedeemEnrollmentResponse).envelope]).toEqual([200, body.envelope]);
    const reuse = await redeem(url, newcomer('ws-late'), 'JOIN-1111-2222');
    expect([reuse.status, errorCode(reuse.body)]).toEqual([409, 'ENROLLMENT_USED']);
    const m = await metrics(url);
    expect(m.sinceStart).toMatchObject({ enrollmentsCreated: 2, enrollmentsRedeemed: 1, enrollmentsRefused: 1 });
    expect(await deviceIds(url, a)).not.toContain('ws-late:workstation:active');
  });

  it('refuses unknown and expired codes by the server clock, and a taken device id without spending the code', async () => {
    let shiftMs = 0;
    const url = await startServer({ clock: () => Date.now() + shiftMs });
    const a = await enrolled(url, 'ws-a');
    expect((await createCode(url, a, 'SHORT-LIVED', 3600)).status).toBe(201);
    expect((await createCode(url, a, 'DAY-LONG')).status).toBe(201);

    const unknown = await redeem(url, newcomer('ws-n1'), 'NEVER-ISSUED');
    expect([unknown.status, errorCode(unknown.body)]).toEqual([404, 'ENROLLMENT_UNKNOWN']);
    expect((unknown.body as SyncErrorBody).error.message).toMatch(/No such enrollment code/);

    // ws-a is taken: a new key claiming it is refused and the code stays good.
    const taken = await redeem(url, newcomer('ws-a'), 'DAY-LONG');
    expect([taken.status, errorCode(taken.body)]).toEqual([409, 'CONFLICT']);
    expect((await redeem(url, newcomer('ws-n2'), 'DAY-LONG')).status).toBe(201);

    // One hour and a second later (server clock), the short code has expired; the device's clock agrees.
    shiftMs = HOUR_MS + 1000;
    const n3 = newcomer('ws-n3');
    const expired = await redeem(url, n3, 'SHORT-LIVED', { timestampOffsetMs: shiftMs });
    expect([expired.status, errorCode(expired.body)]).toEqual([410, 'ENROLLMENT_EXPIRED']);
    const notRegistered = await n3.request(url, 'GET', '/v1/devices', undefined, { timestampOffsetMs: shiftMs });
    expect([notRegistered.status, errorCode(notRegistered.body)]).toEqual([401, 'UNKNOWN_DEVICE']);
    // A used code reports "used" even once it has also expired.
    shiftMs = 25 * HOUR_MS;
    const late = await redeem(url, newcomer('ws-n4'), 'DAY-LONG', { timestampOffsetMs: shiftMs });
    expect([late.status, errorCode(late.body)]).toEqual([409, 'ENROLLMENT_USED']);
  });

  it('purges codes a week past expiry when the facility makes a new code; spent codes keep their row, not their keyring', async () => {
    let shiftMs = 0;
    const url = await startServer({ clock: () => Date.now() + shiftMs });
    const a = await enrolled(url, 'ws-a');
    const at = (ms: number) => ({ timestampOffsetMs: ms });
    const stale = await createSealedCode(url, a, 'STALE-CODE', 3600);
    const spent = await createSealedCode(url, a, 'SPENT-CODE', 3600);
    expect((await redeem(url, newcomer('ws-n1'), 'SPENT-CODE')).status).toBe(201);
    // Until it expires a spent code keeps its keyring: its redeemer may retry after a lost response.
    await createSealedCode(url, a, 'BEFORE-EXPIRY', 3600);
    expect(await h.store.tableText()).toContain(spent.bytes);
    // Any other facility's stale code is that facility's business: its next code (or a restart) purges it.
    const x = await enrolled(url, 'ws-x', OTHER_FACILITY);
    const elsewhere = await createSealedCode(url, x, 'OTHER-FACILITY', 3600);

    // Six days and 23 hours past expiry, in the grace week: a new code keeps the unredeemed code,
    // but the spent one's keyring goes (no retry can fetch it after expiry); its row stays.
    shiftMs = 7 * DAY_MS;
    const late = await createSealedCode(url, a, 'JUST-EXPIRED', 3600, at(shiftMs));
    let text = await h.store.tableText();
    expect(text).toContain(stale.bytes);
    expect(text).toContain(spent.codeId);
    expect(text).not.toContain(spent.bytes);
    const inGrace = await redeem(url, newcomer('ws-n2'), 'STALE-CODE', at(shiftMs));
    expect([inGrace.status, errorCode(inGrace.body)]).toEqual([410, 'ENROLLMENT_EXPIRED']);

    // A week and a second past the first codes' expiry, one second past JUST-EXPIRED's: a new code purges.
    shiftMs = HOUR_MS + 7 * DAY_MS + 1000;
    const fresh = await createSealedCode(url, a, 'FRESH-CODE', 3600, at(shiftMs));
    text = await h.store.tableText();
    // The stale code is gone, row and keyring; the spent one keeps its row but not its keyring.
    expect(text).not.toContain(stale.codeId);
    expect(text).not.toContain(stale.bytes);
    expect(text).toContain(spent.codeId);
    expect(text).not.toContain(spent.bytes);
    for (const kept of [late, fresh, elsewhere]) expect(text).toContain(kept.bytes);

    const gone = await redeem(url, newcomer('ws-n3'), 'STALE-CODE', at(shiftMs));
    expect([gone.status, errorCode(gone.body)]).toEqual([404, 'ENROLLMENT_UNKNOWN']);
    const justExpired = await redeem(url, newcomer('ws-n4'), 'JUST-EXPIRED', at(shiftMs));
    expect([justExpired.status, errorCode(justExpired.body)]).toEqual([410, 'ENROLLMENT_EXPIRED']);
    const reuse = await redeem(url, newcomer('ws-n5'), 'SPENT-CODE', at(shiftMs));
    expect([reuse.status, errorCode(reuse.body)]).toEqual([409, 'ENROLLMENT_USED']);
    expect((await redeem(url, newcomer('ws-n6'), 'FRESH-CODE', at(shiftMs))).status).toBe(201);
  });

  it('purges stale codes of every facility when a server starts, by its clock', async () => {
    let shiftMs = 0;
    const url = await startServer({ clock: () => Date.now() + shiftMs });
    const a = await enrolled(url, 'ws-a');
    const x = await enrolled(url, 'ws-x', OTHER_FACILITY);
    const stale = await createSealedCode(url, a, 'STALE-A', 3600);
    const spent = await createSealedCode(url, a, 'SPENT-A', 3600);
    expect((await redeem(url, newcomer('ws-n1'), 'SPENT-A')).status).toBe(201);
    // A week later the other facility makes a code: that purges only its own facility's codes.
    shiftMs = 7 * DAY_MS;
    const late = await createSealedCode(url, x, 'LATE-X', 3600, { timestampOffsetMs: shiftMs });
    await h.closeServers();
    const before = await h.store.tableText();
    for (const kept of [stale, spent, late]) expect(before).toContain(kept.bytes);

    // A server starts a week and a second past facility A's codes' expiry: nothing else happens.
    shiftMs = HOUR_MS + 7 * DAY_MS + 1000;
    const restarted = await startServer({ clock: () => Date.now() + shiftMs });
    const text = await h.store.tableText();
    expect(text).not.toContain(stale.codeId);
    expect(text).not.toContain(stale.bytes);
    expect(text).toContain(spent.codeId);
    expect(text).not.toContain(spent.bytes);
    expect(text).toContain(late.bytes);
    const at = { timestampOffsetMs: shiftMs };
    const gone = await redeem(restarted, newcomer('ws-n2'), 'STALE-A', at);
    expect([gone.status, errorCode(gone.body)]).toEqual([404, 'ENROLLMENT_UNKNOWN']);
    const reuse = await redeem(restarted, newcomer('ws-n3'), 'SPENT-A', at);
    expect([reuse.status, errorCode(reuse.body)]).toEqual([409, 'ENROLLMENT_USED']);
    const justExpired = await redeem(restarted, new TestDevice('ws-n4', OTHER_FACILITY), 'LATE-X', at);
    expect([justExpired.status, errorCode(justExpired.body)]).toEqual([410, 'ENROLLMENT_EXPIRED']);
  });

  it('authenticates a redemption by the new key itself: forged, mismatched, stale and replayed requests fail', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    expect((await createCode(url, a, 'PROOF-CODE')).status).toBe(201);
    const n = newcomer('ws-new');
    const mallory = newcomer('ws-mallory');

    const forged = await redeem(url, n, 'PROOF-CODE', { signingKey: mallory.privateKey });
    expect([forged.status, errorCode(forged.body)]).toEqual([401, 'BAD_SIGNATURE']);
    // Mallory's own signature, n's keys in the body: the header names mallory, not the registered id.
    const mismatched = await mallory.request(url, 'POST', '/v1/enrollments/redeem', {
      ...n.keys,
      codeId: codeIdOf('PROOF-CODE'),
    });
    expect([mismatched.status, errorCode(mismatched.body)]).toEqual([401, 'UNAUTHENTICATED']);
    const stale = await redeem(url, n, 'PROOF-CODE', { timestampOffsetMs: -10 * 60_000 });
    expect([stale.status, errorCode(stale.body)]).toEqual([401, 'STALE_TIMESTAMP']);
    const unsigned = await fetch(`${url}/v1/enrollments/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...n.keys, codeId: codeIdOf('PROOF-CODE') }),
    });
    expect(unsigned.status).toBe(401);

    const prepared = n.prepare('POST', '/v1/enrollments/redeem', { ...n.keys, codeId: codeIdOf('PROOF-CODE') });
    expect((await n.send(url, prepared)).status).toBe(201);
    const replay = await n.send(url, prepared);
    expect([replay.status, errorCode(replay.body)]).toEqual([401, 'REPLAYED_REQUEST']);
    expect((await metrics(url)).sinceStart.enrollmentsRedeemed).toBe(1);
  });

  it('lets exactly one of many concurrent redemptions of a code win, across two server instances', async () => {
    const second = h.store.open();
    await second.migrate();
    const urls = [await startServer(), await startServer({}, second)];
    const a = await enrolled(urls[0] ?? '', 'ws-a');
    expect((await createCode(urls[0] ?? '', a, 'RACE-CODE')).status).toBe(201);
    const racers = Array.from({ length: 8 }, (_, i) => newcomer(`ws-racer-${i}`));
    const results = await Promise.all(racers.map((r, i) => redeem(urls[i % 2] ?? '', r, 'RACE-CODE')));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const r of results) if (r.status === 409) expect(errorCode(r.body)).toBe('ENROLLMENT_USED');
    const winner = racers[results.findIndex((r) => r.status === 201)];
    const joined = (await deviceIds(urls[1] ?? '', a)).filter((d) => d.startsWith('ws-racer-'));
    expect(joined).toEqual([`${winner?.id}:workstation:active`]);
  });

  it('limits code redemptions per IP, whatever device id each claims', async () => {
    const url = await startServer({
      rateLimit: { max: 100, timeWindowMs: 60_000 },
      redeemRateLimit: { max: 3, timeWindowMs: 60_000 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await redeem(url, newcomer(`ws-guess-${i}`), `GUESS-${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await redeem(url, newcomer('ws-guess-5'), 'GUESS-5');
    expect(errorCode(limited.body)).toBe('RATE_LIMITED');
  });

  it('registers a recovery kit (revoking the earlier one) and rebuilds a workstation from the server alone', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const kit1 = newcomer('kit-1');
    const r1 = await a.request(url, 'POST', '/v1/recovery/register', kit1.keys);
    expect(r1.status).toBe(201);
    expect(r1.body).toMatchObject({ deviceId: 'kit-1', kind: 'recovery', status: 'active' });
    expect((await a.request(url, 'POST', '/v1/recovery/register', kit1.keys)).status).toBe(200);
    expect((await sealTo(url, a, [kit1])).status).toBe(200);
    // A new kit replaces the old one, whose envelope goes with it.
    const kit2 = newcomer('kit-2');
    expect((await a.request(url, 'POST', '/v1/recovery/register', kit2.keys)).status).toBe(201);
    expect(await deviceIds(url, a)).toEqual([
      'ws-a:workstation:active',
      'kit-1:recovery:revoked',
      'kit-2:recovery:active',
    ]);
    expect(errorCode((await kit1.request(url, 'GET', '/v1/keys')).body)).toBe('DEVICE_REVOKED');
    expect(await h.storage.getEnvelope('kit-1')).toBeNull();
    const takenId = await a.request(url, 'POST', '/v1/recovery/register', { ...newcomer('ws-a').keys });
    expect([takenId.status, errorCode(takenId.body)]).toEqual([409, 'CONFLICT']);

    const w = newcomer('ws-rebuilt');
    const tooEarly = await kit2.request(url, 'POST', '/v1/recovery/redeem', { workstation: w.keys });
    expect([tooEarly.status, errorCode(tooEarly.body)]).toEqual([404, 'NOT_FOUND']);
    expect((tooEarly.body as SyncErrorBody).error.message).toMatch(/No keys have been sealed to this recovery kit/);
    expect(await deviceIds(url, a)).not.toContain('ws-rebuilt:workstation:active');

    expect((await sealTo(url, a, [kit2])).status).toBe(200);
    expect(((await kit2.request(url, 'GET', '/v1/keys')).body as KeyEnvelopeResponse).keyId).toBe('k1');
    const rebuilt = await kit2.request(url, 'POST', '/v1/recovery/redeem', { workstation: w.keys });
    expect(rebuilt.status).toBe(201);
    const body = rebuilt.body as RedeemEnrollmentResponse;
    expect(body).toMatchObject({ facilityId: FACILITY, keyId: 'k1' });
    expect(kit2.openEnvelope(body.envelope)).toBe(`k1:${keyring}`);
    expect((await w.request(url, 'POST', '/v1/batches', w.makeBatch(1, 'back', dataKey))).status).toBe(201);
    expect((await kit2.request(url, 'POST', '/v1/recovery/redeem', { workstation: w.keys })).status).toBe(200);
    const taken = await kit2.request(url, 'POST', '/v1/recovery/redeem', { workstation: newcomer('ws-a').keys });
    expect([taken.status, errorCode(taken.body)]).toEqual([409, 'CONFLICT']);
    const notAKit = await a.request(url, 'POST', '/v1/recovery/redeem', { workstation: newcomer('ws-z').keys });
    expect([notAKit.status, errorCode(notAKit.body)]).toEqual([403, 'FORBIDDEN']);
    expect((await metrics(url)).sinceStart).toMatchObject({ recoveryKitsRegistered: 2, recoveries: 1 });
  });

  it('forbids a recovery kit from pushing, pulling, sealing keys, enrolling, registering kits and revoking', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const kit = newcomer('kit-1');
    expect((await a.request(url, 'POST', '/v1/recovery/register', kit.keys)).status).toBe(201);
    const attempts = [
      await kit.request(url, 'POST', '/v1/batches', kit.makeBatch(1, 'not allowed', dataKey)),
      await kit.request(url, 'GET', '/v1/batches'),
      await sealTo(url, kit, [a]),
      await createCode(url, kit, 'KIT-CODE'),
      await kit.request(url, 'POST', '/v1/recovery/register', newcomer('kit-2').keys),
      await kit.request(url, 'POST', '/v1/devices/ws-a/revoke', {}),
    ];
    for (const res of attempts) {
      expect([res.status, errorCode(res.body)]).toEqual([403, 'FORBIDDEN']);
      expect((res.body as SyncErrorBody).error.message).toMatch(/A recovery device may not/);
    }
    expect((await metrics(url)).batchesStored).toBe(0);
    expect(await deviceIds(url, a)).toEqual(['ws-a:workstation:active', 'kit-1:recovery:active']);
    expect(await h.storage.getEnvelope('ws-a')).toBeNull();
    expect((await redeem(url, newcomer('ws-n'), 'KIT-CODE')).status).toBe(404);
    // What a kit may do: read its (empty) envelope and list the devices.
    expect((await kit.request(url, 'GET', '/v1/keys')).body).toEqual({ keyId: null, envelope: null });
  });

  it('refuses a revoked device its keys and new codes, and drops its envelope and unredeemed codes', async () => {
    const url = await startServer();
    const a = await enrolled(url, 'ws-a');
    const b = await enrolled(url, 'ws-b');
    expect((await sealTo(url, a, [a, b])).status).toBe(200);
    expect((await createCode(url, b, 'B-MADE-THIS')).status).toBe(201);
    expect((await a.request(url, 'POST', '/v1/devices/ws-b/revoke', { reason: 'stolen' })).status).toBe(200);

    const keys = await b.request(url, 'GET', '/v1/keys');
    const code = await createCode(url, b, 'B-AGAIN');
    const reseal = await sealTo(url, b, [b]);
    for (const res of [keys, code, reseal]) expect([res.status, errorCode(res.body)]).toEqual([403, 'DEVICE_REVOKED']);
    expect(await h.storage.getEnvelope('ws-b')).toBeNull();
    expect(await h.storage.getEnvelope('ws-a')).not.toBeNull();
    // A code made by the stolen workstation no longer enrolls anyone.
    const stolenCode = await redeem(url, newcomer('ws-thief'), 'B-MADE-THIS');
    expect([stolenCode.status, errorCode(stolenCode.body)]).toEqual([404, 'ENROLLMENT_UNKNOWN']);
    const toRevoked = await sealTo(url, a, [b], 'k2');
    expect([toRevoked.status, errorCode(toRevoked.body)]).toEqual([403, 'FORBIDDEN']);
  });

  it('upgrades a version-1 database: old devices become workstations and gain a box key by registering again', async () => {
    const old = await backend.create();
    try {
      const legacy = new TestDevice('ws-old', FACILITY);
      const v1 = backend.name === 'sqlite' ? SQLITE_MIGRATIONS[0] : POSTGRES_MIGRATIONS[0];
      const bytea = (b64: string) =>
        backend.name === 'sqlite'
          ? `X'${Buffer.from(b64, 'base64').toString('hex')}'`
          : `'\\x${Buffer.from(b64, 'base64').toString('hex')}'`;
      await old.exec(`
        ${v1 ?? ''}
        CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);
        INSERT INTO schema_migrations (version, applied_at) VALUES (1, 0);
        INSERT INTO facilities (id, created_at) VALUES ('${FACILITY}', 0);
        INSERT INTO devices (id, facility_id, public_key, status, enrolled_at)
          VALUES ('ws-old', '${FACILITY}', ${bytea(legacy.publicKeyB64)}, 'active', 0);
      `);
      const storage = old.open();
      await storage.migrate();
      await storage.migrate();
      const url = await startServer({}, storage);

      // The old device still authenticates; it is listed as a workstation without a box key.
      const listed = await legacy.request(url, 'GET', '/v1/devices');
      expect(listed.status).toBe(200);
      expect((listed.body as DeviceListResponse).devices).toEqual([
        expect.objectContaining({ deviceId: 'ws-old', kind: 'workstation', boxPublicKey: null, status: 'active' }),
      ]);
      const cannotSeal = await sealTo(url, legacy, [legacy]);
      expect([cannotSeal.status, errorCode(cannotSeal.body)]).toEqual([409, 'CONFLICT']);
      expect((cannotSeal.body as SyncErrorBody).error.message).toMatch(/has no box key yet/);

      // Registering again with the same signing key adds the box key, once.
      expect((await legacy.register(url, TOKEN)).status).toBe(200);
      const after = (await legacy.request(url, 'GET', '/v1/devices')).body as DeviceListResponse;
      expect(after.devices[0]?.boxPublicKey).toBe(legacy.boxPublicKeyB64);
      expect((await sealTo(url, legacy, [legacy])).status).toBe(200);
      const otherBox = await legacy.request(url, 'POST', '/v1/devices/register', {
        facilityId: FACILITY,
        deviceId: 'ws-old',
        publicKey: legacy.publicKeyB64,
        boxPublicKey: newcomer('y').boxPublicKeyB64,
        bootstrapToken: TOKEN,
      });
      expect([otherBox.status, errorCode(otherBox.body)]).toEqual([409, 'CONFLICT']);
    } finally {
      await h.closeServers();
      await old.dispose();
    }
  });
});
