/**
 * A server (or anyone with its disk) that alters, forges or re-keys batches
 * gets nothing applied: each is refused with a plain error, and the receiving
 * workstation's data and pull cursor stay exactly as they were. And the
 * server's storage never holds a record in the clear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchHeaderSchema, canonicalBatchBytes } from '../../../shared/sync/wire';
import { cutBatch, sealBatch, type LoggedChange } from '../../../electron/core/sync/batch';
import { generateDeviceKeys, importDeviceKeys, newDataKey, signBytes } from '../../../electron/core/sync/crypto';
import { MESSAGES, SyncError } from '../../../electron/core/sync/errors';
import {
  ADMIN,
  firstWorkstation,
  joinedWorkstation,
  pushSealedBatch,
  rowCounts,
  SAMPLE_PATIENT,
  type TestServer,
  type Workstation,
  workstationPair,
} from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

/** A and B synced; then A registers a patient and pushes it; B has not pulled it yet. */
async function pendingForB(): Promise<{ a: Workstation; b: Workstation; cursor: number }> {
  const { a, b } = await workstationPair(server, keep);
  await a.ok(ADMIN, 'patients.register', SAMPLE_PATIENT);
  await a.sync.syncNow();
  const cursor = server.withDatabase((db) => db.prepare('SELECT max(cursor) FROM batches').pluck().get() as number);
  return { a, b, cursor };
}

function snapshot(b: Workstation) {
  return {
    rows: rowCounts(b),
    cursor: b.db.prepare('SELECT pull_cursor FROM sync_state').pluck().get(),
    keys: b.db.prepare('SELECT key_id FROM sync_keys ORDER BY key_id').pluck().all(),
  };
}

async function refusedSync(b: Workstation): Promise<SyncError> {
  const error: unknown = await b.sync.syncNow().then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof SyncError)) throw new Error(`Expected a refusal, got ${String(error)}`);
  expect(b.sync.status().lastError).toBe(error.message);
  return error;
}

const deviceKeysOf = (ws: Workstation) => {
  const row = ws.db.prepare('SELECT sign_private, box_private FROM sync_state').get() as {
    sign_private: Buffer;
    box_private: Buffer;
  };
  return importDeviceKeys(row.sign_private, row.box_private);
};

describe('pulled batches', () => {
  it('refuses one whose ciphertext was altered on the server', async () => {
    const { a, b, cursor } = await pendingForB();
    const before = snapshot(b);
    server.withDatabase((db) => {
      const ciphertext = db.prepare('SELECT ciphertext FROM batches WHERE cursor = ?').pluck().get(cursor) as Buffer;
      ciphertext[20] = (ciphertext[20] ?? 0) ^ 0xff;
      db.prepare('UPDATE batches SET ciphertext = ? WHERE cursor = ?').run(ciphertext, cursor);
    });
    const error = await refusedSync(b);
    expect([error.kind, error.message]).toEqual(['integrity', MESSAGES.badSignature(a.core.services.workstationId)]);
    expect(snapshot(b)).toEqual(before);
  });

  it('refuses one altered and re-signed with the device key: the AES-GCM tag does not hold', async () => {
    const { a, b, cursor } = await pendingForB();
    const before = snapshot(b);
    const keys = deviceKeysOf(a);
    server.withDatabase((db) => {
      const row = db.prepare('SELECT header, ciphertext FROM batches WHERE cursor = ?').get(cursor) as {
        header: string;
        ciphertext: Buffer;
      };
      row.ciphertext[row.ciphertext.length - 1] = (row.ciphertext.at(-1) ?? 0) ^ 0x01;
      const header = batchHeaderSchema.parse(JSON.parse(row.header));
      const signature = signBytes(keys.signPrivate, canonicalBatchBytes(header, row.ciphertext));
      db.prepare('UPDATE batches SET ciphertext = ?, signature = ? WHERE cursor = ?').run(
        row.ciphertext,
        signature,
        cursor,
      );
    });
    const error = await refusedSync(b);
    expect([error.kind, error.message]).toEqual(['integrity', MESSAGES.tampered(a.core.services.workstationId)]);
    expect(snapshot(b)).toEqual(before);
  });

  it('refuses one whose signature is forged with another key', async () => {
    const { a, b, cursor } = await pendingForB();
    const before = snapshot(b);
    const forger = generateDeviceKeys();
    server.withDatabase((db) => {
      const row = db.prepare('SELECT header, ciphertext FROM batches WHERE cursor = ?').get(cursor) as {
        header: string;
        ciphertext: Buffer;
      };
      const header = batchHeaderSchema.parse(JSON.parse(row.header));
      const signature = signBytes(forger.signPrivate, canonicalBatchBytes(header, row.ciphertext));
      db.prepare('UPDATE batches SET signature = ? WHERE cursor = ?').run(signature, cursor);
    });
    const error = await refusedSync(b);
    expect([error.kind, error.message]).toEqual(['integrity', MESSAGES.badSignature(a.core.services.workstationId)]);
    expect(snapshot(b)).toEqual(before);
  });

  it('refuses one locked with a key id it does not have, after asking the server for its keys once', async () => {
    const { a, b } = await pendingForB();
    await b.sync.syncNow();
    await a.ok(ADMIN, 'patients.register', { ...SAMPLE_PATIENT, givenName: 'Rehema', phone: '0711 999 888' });
    const before = snapshot(b);
    // A batch of A's next changes, properly signed by A but sealed with a key nobody was given.
    const keys = deviceKeysOf(a);
    const state = a.db.prepare('SELECT last_pushed_seq, next_sequence FROM sync_state').get() as {
      last_pushed_seq: number;
      next_sequence: number;
    };
    const changes = a.db
      .prepare('SELECT seq, table_name, row_id, op, data, hlc, base FROM change_log WHERE seq > ? ORDER BY seq')
      .all(state.last_pushed_seq) as LoggedChange[];
    const rogueKey = { keyId: 'k-rogue', key: newDataKey(), generation: 99, createdAt: new Date(a.now).toISOString() };
    const sealed = sealBatch(
      cutBatch(changes),
      {
        facilityId: a.facilityId(),
        deviceId: a.core.services.workstationId,
        sequence: state.next_sequence,
        key: rogueKey,
        createdAt: new Date(a.now),
      },
      keys.signPrivate,
    );
    expect((await pushSealedBatch(server, a, keys.signPrivate, sealed)).duplicate).toBe(false);
    const error = await refusedSync(b);
    expect([error.kind, error.message]).toEqual(['integrity', MESSAGES.unknownKey(a.core.services.workstationId)]);
    expect(snapshot(b)).toEqual(before);
  });
});

describe("the server's storage", () => {
  it('holds no record in the clear: not a name, a phone, an identifier or a username', async () => {
    const canaries = ['Canaryqzx', '0799123987', 'ZQX-77110', 'canary.user'];
    const a = await firstWorkstation(server, 'a');
    keep(a);
    const b = await joinedWorkstation(a, 'b');
    keep(b);
    await a.ok(ADMIN, 'patients.register', {
      ...SAMPLE_PATIENT,
      familyName: canaries[0],
      phone: canaries[1],
      identifiers: [{ type: 'national_id', value: canaries[2] }],
    });
    await a.ok(ADMIN, 'users.create', {
      username: canaries[3],
      displayName: 'Canary User',
      roles: ['registration_clerk'],
      temporaryPassword: 'Ndege-Wanaimba-Asubuhi-77',
    });
    await a.sync.syncNow();
    await b.sync.syncNow();
    expect(b.core.services.identity.userByUsername(canaries[3] ?? '')).not.toBeNull();
    const files = readdirSync(dirname(server.file))
      .filter((name) => name.startsWith('sync.sqlite'))
      .map((name) => readFileSync(join(dirname(server.file), name)));
    // The scan does see what the server stores in the clear (batch headers name the facility)...
    expect(files.some((bytes) => bytes.includes(Buffer.from(a.facilityId(), 'utf8')))).toBe(true);
    // ...and nothing from a record.
    for (const bytes of files) {
      for (const canary of [...canaries, 'Canary User', 'Halima']) {
        expect(bytes.includes(Buffer.from(canary, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(canary, 'utf16le'))).toBe(false);
      }
    }
  });
});
