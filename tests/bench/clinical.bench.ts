/**
 * Clinical benchmark: patient search latency and the throughput of a full
 * "record vitals" command against raw inserts of the same rows, on a synthetic
 * facility in the encrypted store. Prints one JSON object per line.
 *   npm run bench            100,000 patients, 1,000,000 observations
 *   npm run bench -- --quick a tenth of that
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore, type Core } from '../../electron/core/app';
import { MIN_ARGON2_PARAMS, PassphraseKeyProvider } from '../../electron/core/db/passphrase-key-provider';
import { VISITS, VITAL_SIGNS } from '../../electron/core/visits/schema';

const quick = process.argv.includes('--quick');
const PATIENTS = quick ? 10_000 : 100_000;
const OBSERVATIONS = quick ? 100_000 : 1_000_000;
const SEARCHES = 300;
const COMMANDS = quick ? 1_000 : 5_000;
/** Commands in flight at once, as a busy UI's IPC calls produce them. */
const IN_FLIGHT = 32;

const FAMILY = [
  'Wanjiru',
  'Otieno',
  'Kamau',
  'Mwangi',
  'Odhiambo',
  'Njoroge',
  'Kiprono',
  'Chebet',
  'Mutua',
  'Wambui',
  'Ochieng',
  'Achieng',
  'Kariuki',
  'Mohamed',
  'Hassan',
  'Omondi',
  'Wekesa',
  'Nyambura',
  'Kilonzo',
  'Korir',
];
const GIVEN = [
  'Amina',
  'Zawadi',
  'Faith',
  'Mercy',
  'Grace',
  'Brian',
  'Baraka',
  'Juma',
  'Kevin',
  'Omari',
  'Halima',
  'Akinyi',
  'Daniel',
  'Peter',
  'Musa',
  'Neema',
  'Rehema',
  'Dorcas',
  'Saida',
  'Ali',
];

let seed = 7;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, ...extra }));
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function populate(
  core: Core,
  ctx: { facilityId: string; userId: string; now: Date },
): { phones: string[]; ids: string[]; visits: string[] } {
  const { services, store } = core;
  const phones: string[] = [];
  const ids: string[] = [];
  const visits: string[] = [];
  const perPatient = Math.ceil(OBSERVATIONS / PATIENTS);
  const batch = store.db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index += 1) {
      const phone = `+2547${String(10_000_000 + index).padStart(8, '0')}`;
      const nationalId = String(20_000_000 + index);
      const patientId = services.patients.register(
        {
          familyName: pick(FAMILY),
          givenName: pick(GIVEN),
          sex: next() < 0.5 ? 'female' : 'male',
          birth: {
            kind: 'date',
            date: `19${50 + Math.floor(next() * 49)}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`,
          },
          phone,
          residence: { county: 'Kilifi' },
          identifiers: [{ type: 'national_id', value: nationalId }],
          sensitivity: 'none',
        },
        `11234-BENCH-${String(index).padStart(6, '0')}`,
        ctx,
      );
      if (index % 97 === 0) {
        phones.push(phone);
        ids.push(nationalId);
      }
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
      if (visits.length < COMMANDS) visits.push(visitId);
      for (let observation = 0; observation < perPatient; observation += 1) {
        services.records.insert(VITAL_SIGNS, vitalsRow(patientId, visitId, ctx.now), ctx);
      }
    }
  });
  for (let from = 0; from < PATIENTS; from += 2_000) batch(from, Math.min(PATIENTS, from + 2_000));
  return { phones, ids, visits };
}

function vitalsRow(patientId: string, visitId: string, now: Date) {
  return {
    patient_id: patientId,
    visit_id: visitId,
    recorded_at: now.toISOString(),
    temperature_c: 36.5 + Math.round(next() * 20) / 10,
    pulse_bpm: 60 + Math.floor(next() * 40),
    respiratory_rate: 16,
    systolic_mmhg: 120,
    diastolic_mmhg: 80,
    weight_kg: 60,
    height_cm: 165,
    spo2_percent: 97,
    muac_cm: null,
    supersedes_id: null,
    amendment_reason: null,
  };
}

async function timedSeconds(run: () => Promise<unknown>): Promise<number> {
  return (await timed(run)) / 1000;
}

/**
 * Milliseconds of this process's CPU time (user and system) that `run` took. On a shared machine wall time
 * also counts other processes' turns; CPU time per command is the steadier figure to compare changes by.
 */
async function cpuMilliseconds(run: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Runs `work` over every item with at most `limit` calls awaiting their reply at once. */
async function inFlight<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const caller = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, caller));
}

/**
 * The triage nurse who records vitals: not shift-exempt like the owner, so every command also runs the
 * shift check. Returns the nurse's caller id.
 */
async function nurseOnShift(core: Core): Promise<string> {
  const ok = async (caller: string, name: string, input: unknown = {}) => {
    const result = await core.dispatch(caller, name, input);
    if (!result.ok) throw new Error(`${name} failed: ${result.code}`);
  };
  const temporary = 'Ndege-Wanaimba-Asubuhi-77';
  await ok('bench', 'users.create', {
    username: 'bench.nurse',
    displayName: 'Bench Nurse',
    roles: ['nurse'],
    temporaryPassword: temporary,
  });
  await ok('bench-nurse', 'auth.login', { username: 'bench.nurse', password: temporary });
  await ok('bench-nurse', 'auth.changePassword', {
    currentPassword: temporary,
    newPassword: 'Mvua-Inanyesha-Leo-Jioni-5',
  });
  const nurseId = core.services.identity.userByUsername('bench.nurse')?.id;
  if (nurseId === undefined) throw new Error('the bench nurse was not created');
  const now = Date.now();
  await ok('bench', 'shifts.schedule', {
    userId: nurseId,
    startsAt: new Date(now - 60 * 60_000).toISOString(),
    endsAt: new Date(now + 8 * 60 * 60_000).toISOString(),
    repeatWeeklyUntil: null,
  });
  await ok('bench-nurse', 'shifts.clockIn');
  return 'bench-nurse';
}

async function searchLatencies(core: Core, queries: string[]): Promise<number[]> {
  const samples: number[] = [];
  for (const query of queries) {
    samples.push(
      await timed(async () => {
        const result = await core.dispatch('bench', 'patients.search', { query, limit: 20 });
        if (!result.ok) throw new Error(`search failed: ${result.code}`);
      }),
    );
  }
  return samples;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zahanati-bench-'));
  const core = await startCore({
    dataDir: dir,
    keyProvider: new PassphraseKeyProvider(join(dir, 'workstation.key'), 'benchmark passphrase', MIN_ARGON2_PARAMS),
    appVersion: 'bench',
  });
  try {
    const owner = { username: 'bench.owner', displayName: 'Bench Owner', password: 'Tembo-Kubwa-Anakula-Mahindi-42' };
    await core.dispatch('bench', 'setup.complete', {
      organizationName: 'Bench Health',
      facility: { name: 'Bench Dispensary', mflCode: '11234', county: 'Kilifi' },
      owner,
    });
    await core.dispatch('bench', 'auth.login', { username: owner.username, password: owner.password });
    const facility = core.services.identity.facility();
    const ownerId = core.services.identity.userByUsername(owner.username)?.id;
    if (facility === null || ownerId === undefined) throw new Error('setup failed');
    const ctx = { facilityId: facility.id, userId: ownerId, now: new Date() };

    const populateStart = Date.now();
    // Setting up a million rows through a 2 MB page cache re-reads (and decrypts) index pages without end; the
    // measurements below run with the store's own cache size again.
    const cacheSize = core.store.db.pragma('cache_size', { simple: true }) as number;
    core.store.db.pragma('cache_size = -262144');
    const { phones, ids, visits } = populate(core, ctx);
    core.store.db.pragma(`cache_size = ${cacheSize}`);
    emit('clinical.populate.seconds', (Date.now() - populateStart) / 1000, 's', {
      patients: PATIENTS,
      observations: OBSERVATIONS,
    });

    const fragments = Array.from({ length: SEARCHES }, () => {
      const family = pick(FAMILY);
      const given = pick(GIVEN);
      return next() < 0.5 ? family.slice(0, 3 + Math.floor(next() * 3)) : `${given.slice(0, 4)} ${family.slice(0, 4)}`;
    });
    for (const [kind, queries] of [
      ['name', fragments],
      ['phone', Array.from({ length: SEARCHES }, () => pick(phones).replace('+254', '0'))],
      ['id', Array.from({ length: SEARCHES }, () => pick(ids))],
    ] as const) {
      const samples = await searchLatencies(core, [...queries]);
      emit(`search.${kind}.p50_ms`, percentile(samples, 50), 'ms');
      emit(`search.${kind}.p95_ms`, percentile(samples, 95), 'ms', { goal: 15 });
    }

    const nurse = await nurseOnShift(core);
    const values = {
      temperatureC: 37.2,
      pulseBpm: 88,
      respiratoryRate: 18,
      systolicMmHg: 124,
      diastolicMmHg: 82,
      weightKg: 61,
      heightCm: 164,
      spo2Percent: 98,
    };
    const record = async (visitId: string) => {
      const result = await core.dispatch(nurse, 'vitals.record', { visitId, values });
      if (!result.ok) throw new Error(`vitals.record failed: ${result.code}`);
    };

    // As the UI issues them: several commands in flight at once (IPC calls, a chart screen's reads), each
    // validated, access- and shift-checked, written, audited and its reply awaited. The dispatcher commits
    // the commands already queued together, so one fsync serves several of them.
    const before = core.commitStats();
    let concurrentSeconds = 0;
    const concurrentCpuMs = await cpuMilliseconds(async () => {
      concurrentSeconds = await timedSeconds(() => inFlight(visits, IN_FLIGHT, record));
    });
    const after = core.commitStats();
    const commits = after.commits - before.commits;
    const rowsPerCommit = (after.commands - before.commands) / commits;

    // One caller awaiting each reply before sending the next: one transaction, so one fsync, per command.
    let sequentialSeconds = 0;
    const sequentialCpuMs = await cpuMilliseconds(async () => {
      sequentialSeconds = await timedSeconds(async () => {
        for (const visitId of visits) await record(visitId);
      });
    });

    // The same rows in the same store, without validation, access, shift check, change log or audit, with as
    // many rows per COMMIT as the concurrent commands achieved (and one per COMMIT for the sequential ones):
    // the ratios then compare the cost of the command pipeline, not the number of fsyncs.
    const raw = core.store.db.prepare(
      `INSERT INTO vital_signs (id, facility_id, hlc, created_at, created_by, deleted_at, patient_id, visit_id, recorded_at,
         temperature_c, pulse_bpm, respiratory_rate, systolic_mmhg, diastolic_mmhg, weight_kg, height_cm, spo2_percent, muac_cm)
       SELECT lower(hex(randomblob(16))), facility_id, hlc, created_at, created_by, NULL, patient_id, id, checked_in_at,
         37.2, 88, 18, 124, 82, 61, 164, 98, NULL FROM visits WHERE id = ?`,
    );
    const insertRows = core.store.db.transaction((ids: readonly string[]) => {
      for (const visitId of ids) raw.run(visitId);
    });
    const perCommit = Math.max(1, Math.round(rowsPerCommit));
    const rawSeconds = await timedSeconds(async () => {
      for (let from = 0; from < visits.length; from += perCommit) insertRows(visits.slice(from, from + perCommit));
    });
    const rawSequentialSeconds = await timedSeconds(async () => {
      for (const visitId of visits) insertRows([visitId]);
    });

    const commandsPerSecond = visits.length / concurrentSeconds;
    const sequentialPerSecond = visits.length / sequentialSeconds;
    const rawPerSecond = visits.length / rawSeconds;
    const rawSequentialPerSecond = visits.length / rawSequentialSeconds;
    emit('vitals_command.per_s', commandsPerSecond, '1/s', {
      goal: 2000,
      commands: visits.length,
      inFlight: IN_FLIGHT,
      commits,
      commandsPerCommit: Math.round(rowsPerCommit * 100) / 100,
      cpuMsPerCommand: Math.round((concurrentCpuMs / visits.length) * 1000) / 1000,
    });
    emit('vitals_command.sequential_per_s', sequentialPerSecond, '1/s', {
      commands: visits.length,
      commandsPerCommit: 1,
      cpuMsPerCommand: Math.round((sequentialCpuMs / visits.length) * 1000) / 1000,
    });
    emit('vitals_raw.per_s', rawPerSecond, '1/s', {
      rowsPerCommit: perCommit,
      note: 'same rows, same store, as many rows per COMMIT as vitals_command achieved',
    });
    emit('vitals_raw.sequential_per_s', rawSequentialPerSecond, '1/s', { rowsPerCommit: 1 });
    emit('vitals_command.ratio_to_raw', commandsPerSecond / rawPerSecond, 'ratio', {
      note: 'vitals_command.per_s / vitals_raw.per_s at the same rows per COMMIT: the pipeline cost, not the fsyncs',
    });
    emit('vitals_command.sequential_ratio_to_raw', sequentialPerSecond / rawSequentialPerSecond, 'ratio', {
      note: 'one command, and one raw row, per COMMIT',
    });
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
