/**
 * Real workstations for the sync benchmarks: a core on its own SQLCipher store,
 * set up as a facility's first workstation (connected with a bootstrap token)
 * or joined by enrollment code, and a generator of synthetic clinical changes
 * written through the real write path (RecordWriter), in large transactions.
 */
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore, type Core } from '../../electron/core/app';
import { MIN_ARGON2_PARAMS, PassphraseKeyProvider } from '../../electron/core/db/passphrase-key-provider';
import type { ColumnValue, WriteContext } from '../../electron/core/records/writer';
import { HybridLogicalClock } from '../../shared/sync/hlc';
import { cutBatch, MAX_BATCH_BYTES, MAX_BATCH_CHANGES, sealBatch } from '../../electron/core/sync/batch';
import { pushSealed } from '../../electron/core/sync/testing';
import { currentKey } from '../../electron/core/sync/keyring';
import { deferIndexes, restoreIndexes } from '../../electron/core/sync/deferred-indexes';
import { SyncStateStore } from '../../electron/core/sync/state';
import { SYNCED_TABLES } from '../../electron/core/sync/tables';
import { VISITS, VITAL_SIGNS } from '../../electron/core/visits/schema';

export const OWNER = {
  username: 'bench.owner',
  displayName: 'Bench Owner',
  password: 'Tembo-Kubwa-Anakula-Mahindi-42',
};

export interface BenchWorkstation {
  readonly core: Core;
  readonly dir: string;
  dispose(): void;
}

/** A fresh core on its own encrypted store in a temp directory. */
export async function openWorkstation(name: string): Promise<BenchWorkstation> {
  const dir = mkdtempSync(join(tmpdir(), `zahanati-bench-${name}-`));
  const core = await startCore({
    dataDir: dir,
    keyProvider: new PassphraseKeyProvider(join(dir, 'workstation.key'), `benchmark ${name}`, MIN_ARGON2_PARAMS),
    appVersion: 'bench',
    // Large runs: no request of the benchmark should time out on a slow machine.
    sync: { requestTimeoutMs: 600_000 },
  });
  return {
    core,
    dir,
    dispose() {
      void core.sync.stop();
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets the facility up and returns its id. */
export async function setUpFacility(ws: BenchWorkstation, name: string): Promise<string> {
  const result = await ws.core.dispatch('bench', 'setup.complete', {
    organizationName: 'Bench Health',
    facility: { name, mflCode: '11234', county: 'Kilifi' },
    owner: OWNER,
  });
  if (!result.ok) throw new Error(`setup failed: ${result.code}`);
  const facility = ws.core.services.identity.facility();
  if (facility === null) throw new Error('setup left no facility');
  return facility.id;
}

export function writeContext(ws: BenchWorkstation): WriteContext {
  const facility = ws.core.services.identity.facility();
  const ownerId = ws.core.services.identity.userByUsername(OWNER.username)?.id;
  if (facility === null || ownerId === undefined) throw new Error('The workstation is not set up');
  return { facilityId: facility.id, userId: ownerId, now: new Date() };
}

/** A new bootstrap token for `facilityId`, registered with the server through `addToken`. */
export async function connectFirst(
  ws: BenchWorkstation,
  serverUrl: string,
  facilityId: string,
  addToken: (facilityId: string, token: string) => Promise<void>,
): Promise<void> {
  const token = randomBytes(24).toString('hex');
  await addToken(facilityId, token);
  await ws.core.sync.connect({ serverUrl, bootstrapToken: token });
}

/** Every change this workstation logged. */
export function changeCount(ws: BenchWorkstation): number {
  return ws.core.store.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
}

/** Row counts of every synced table: two workstations that converged hold the same. */
export function syncedRowCounts(ws: BenchWorkstation): Record<string, number> {
  const db = ws.core.store.db;
  return Object.fromEntries(
    SYNCED_TABLES.map((spec) => [spec.name, db.prepare(`SELECT count(*) FROM ${spec.name}`).pluck().get() as number]),
  );
}

// ---------------------------------------------------------------------------
// Synthetic clinical changes

/**
 * Lets the event loop run between write transactions. Without it, minutes of
 * synchronous writing leave the HTTP client's idle keep-alive sockets
 * unserviced: the server closes them meanwhile, and the first request after
 * the writing goes out on a dead socket and fails.
 */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Preparing data only: a 256 MB page cache instead of the store's default
 * (about 2 MB), so writing a million rows does not spend its time re-reading
 * and re-decrypting index pages. The sync runs being measured use the store as
 * it is configured.
 */
async function withLargeCache(ws: BenchWorkstation, run: () => Promise<void>): Promise<void> {
  const db = ws.core.store.db;
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -262144');
  try {
    await run();
  } finally {
    db.pragma(`cache_size = ${before}`);
  }
}

const FAMILY = ['Wanjiru', 'Otieno', 'Kamau', 'Mwangi', 'Odhiambo', 'Njoroge', 'Kiprono', 'Chebet', 'Mutua', 'Wambui'];
const GIVEN = ['Amina', 'Zawadi', 'Faith', 'Mercy', 'Grace', 'Brian', 'Baraka', 'Juma', 'Kevin', 'Omari'];

let seed = 11;
function next(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

/** Changes one patient's visit makes: registration (patient + identifier), a visit, 6 vital signs, a stage update. */
export const CHANGES_PER_PATIENT = 10;

/**
 * Writes about `target` changes (a multiple of CHANGES_PER_PATIENT) through
 * RecordWriter — inserts of mutable and append-only rows and updates — in
 * transactions of 500 patients. Returns how many changes were logged.
 */
export async function writeClinicalChanges(ws: BenchWorkstation, target: number, firstIndex = 0): Promise<number> {
  const { services, store } = ws.core;
  const ctx = writeContext(ws);
  const before = changeCount(ws);
  const patients = Math.ceil(target / CHANGES_PER_PATIENT);
  const write = store.db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index += 1) {
      const patientId = services.patients.register(
        {
          familyName: pick(FAMILY),
          givenName: pick(GIVEN),
          sex: next() < 0.5 ? 'female' : 'male',
          birth: {
            kind: 'date',
            date: `19${50 + Math.floor(next() * 49)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
          },
          phone: `+2547${String(10_000_000 + index).padStart(8, '0')}`,
          residence: { county: 'Kilifi' },
          identifiers: [{ type: 'national_id', value: String(20_000_000 + index) }],
          sensitivity: 'none',
        },
        `11234-SYNC-${String(index).padStart(7, '0')}`,
        ctx,
      );
      const visitId = services.records.insert(
        VISITS,
        {
          patient_id: patientId,
          checked_in_at: ctx.now.toISOString(),
          attendance: 'new',
          referred_from: null,
          stage: 'triage',
          outcome: null,
          referral_destination: null,
          closed_at: null,
        },
        ctx,
      );
      for (let vital = 0; vital < 6; vital += 1) {
        services.records.insert(
          VITAL_SIGNS,
          {
            patient_id: patientId,
            visit_id: visitId,
            recorded_at: ctx.now.toISOString(),
            temperature_c: 36.5 + Math.round(next() * 20) / 10,
            pulse_bpm: 60 + Math.floor(next() * 40),
            respiratory_rate: 16,
            systolic_mmhg: 110 + Math.floor(next() * 30),
            diastolic_mmhg: 70 + Math.floor(next() * 20),
            weight_kg: 60,
            height_cm: 165,
            spo2_percent: 97,
            muac_cm: null,
            supersedes_id: null,
            amendment_reason: null,
          },
          ctx,
        );
      }
      services.records.update(VISITS, visitId, { stage: 'clinician' }, ctx);
    }
  });
  await withLargeCache(ws, async () => {
    for (let from = firstIndex; from < firstIndex + patients; from += 500) {
      write(from, Math.min(firstIndex + patients, from + 500));
      await breathe();
    }
  });
  return changeCount(ws) - before;
}

/**
 * Appends `count` vital-sign observations to the visits already on the
 * workstation, in bulk: the row and its change-log entry exactly as
 * RecordWriter writes an append-only insert (same columns, same JSON, an HLC of
 * this workstation continuing after its last change), 10,000 per transaction
 * with statements prepared once. For preparing a million changes in seconds
 * rather than minutes; the sync path that carries them is unchanged.
 */
export async function writeBulkObservations(ws: BenchWorkstation, count: number): Promise<number> {
  const db = ws.core.store.db;
  const ctx = writeContext(ws);
  const visits = db.prepare('SELECT id, patient_id FROM visits').all() as { id: string; patient_id: string }[];
  if (visits.length === 0) throw new Error('Write some visits first');
  const clock = new HybridLogicalClock(ws.core.services.workstationId);
  const latest = db.prepare('SELECT max(hlc) FROM change_log').pluck().get() as string | null;
  if (latest !== null) clock.receive(latest);
  const columns = [...VITAL_SIGNS.columns, 'id', 'facility_id', 'hlc', 'created_at', 'created_by', 'deleted_at'];
  const insertRow = db.prepare(
    `INSERT INTO vital_signs (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const log = db.prepare(
    "INSERT INTO change_log (table_name, row_id, op, data, hlc, base) VALUES ('vital_signs', ?, 'insert', ?, ?, NULL)",
  );
  const createdAt = ctx.now.toISOString();
  const write = db.transaction((n: number) => {
    for (let i = 0; i < n; i += 1) {
      const visit = visits[Math.floor(next() * visits.length)] as { id: string; patient_id: string };
      const hlc = clock.now();
      const row: Record<string, ColumnValue> = {
        patient_id: visit.patient_id,
        visit_id: visit.id,
        recorded_at: createdAt,
        temperature_c: 36.5 + Math.round(next() * 20) / 10,
        pulse_bpm: 60 + Math.floor(next() * 40),
        respiratory_rate: 16,
        systolic_mmhg: 110 + Math.floor(next() * 30),
        diastolic_mmhg: 70 + Math.floor(next() * 20),
        weight_kg: 60,
        height_cm: 165,
        spo2_percent: 97,
        muac_cm: null,
        supersedes_id: null,
        amendment_reason: null,
        id: uuidv7(),
        facility_id: ctx.facilityId,
        hlc,
        created_at: createdAt,
        created_by: ctx.userId,
        deleted_at: null,
      };
      insertRow.run(row);
      log.run(row.id, JSON.stringify(row), hlc);
    }
  });
  // Without the observation indexes while writing, built once after (as a joining workstation loads):
  // preparing the join benchmark then takes a minute, not five.
  db.transaction(() => deferIndexes(db))();
  await withLargeCache(ws, async () => {
    for (let done = 0; done < count; done += 10_000) {
      write(Math.min(10_000, count - done));
      await breathe();
    }
  });
  db.transaction(() => restoreIndexes(db))();
  return count;
}

/**
 * Pushes everything the workstation logged, by the engine's own steps — cut a
 * batch from the log (cutBatch), seal it (sealBatch: deflate, AES-256-GCM,
 * Ed25519), keep it in the outbox, push it signed (SyncClient), mark it pushed —
 * but without the engine's count of pending changes before every batch, which
 * scans the rest of the log each time (quadratic: hours for a million
 * changes). For preparing the join benchmark only; what it measures, the
 * joining workstation, runs the engine unchanged. Returns the changes pushed.
 */
export async function pushPreSealed(ws: BenchWorkstation): Promise<number> {
  const db = ws.core.store.db;
  const state = new SyncStateStore(db);
  const { server_url: serverUrl, facility_id: facilityId } = state.row();
  const key = currentKey(state.keys());
  if (serverUrl === null || facilityId === null || key === null) throw new Error('The workstation is not connected');
  const deviceKeys = state.deviceKeys();
  const deviceId = ws.core.services.workstationId;
  let pushed = 0;
  for (;;) {
    const changes = state.changesAfter(state.lastSealedSeq(), MAX_BATCH_CHANGES, MAX_BATCH_BYTES);
    if (changes.length === 0) return pushed;
    const cut = cutBatch(changes);
    const sequence = state.row().next_sequence;
    const sealed = sealBatch(
      cut,
      { facilityId, deviceId, sequence, key, createdAt: new Date() },
      deviceKeys.signPrivate,
    );
    const lastSeq = cut.changes.at(-1)?.seq ?? 0;
    db.transaction(() =>
      state.addToOutbox({
        sequence,
        first_seq: cut.changes[0]?.seq ?? 0,
        last_seq: lastSeq,
        change_count: cut.changes.length,
        header: JSON.stringify(sealed.header),
        ciphertext: sealed.ciphertext,
        signature: sealed.signature,
      }),
    )();
    await pushSealed(serverUrl, { deviceId, signKey: deviceKeys.signPrivate }, sealed, {
      now: () => Date.now(),
      timeoutMs: 600_000,
    });
    db.transaction(() => state.markPushed(sequence, lastSeq))();
    pushed += cut.changes.length;
  }
}
