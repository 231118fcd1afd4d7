/**
 * Change capture and the merge at the library level: what a rolled-back write
 * leaves, applying twice, and rows that arrive before the rows they refer to.
 */
import { describe, expect, it } from 'vitest';
import type { PatientView } from '../../../shared/api/patients';
import { ChangeApplier, inApplyTransaction, toWireChange } from '../../../electron/core/sync/apply';
import type { LoggedChange } from '../../../electron/core/sync/batch';
import { enableCapture } from '../../../electron/core/sync/capture';
import {
  ADMIN,
  canonicalDump,
  firstWorkstation,
  joinedWorkstation,
  rowCounts,
  type TestServer,
  type Workstation,
} from './support';
import { serverPerTest } from './server-per-test';

let server: TestServer;
const keep = serverPerTest((started) => (server = started));

async function pair(): Promise<[Workstation, Workstation]> {
  const a = await firstWorkstation(server, 'a');
  keep(a);
  const b = await joinedWorkstation(a, 'b');
  keep(b);
  return [a, b];
}

const changeCount = (ws: Workstation) => ws.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;

const DETAILS = {
  familyName: 'Otieno',
  givenName: 'Akinyi',
  sex: 'female',
  birth: { kind: 'date', date: '1985-01-30' },
  phone: '0722 111 222',
  residence: { county: 'Kisumu' },
  identifiers: [{ type: 'national_id', value: '22334455' }],
} as const;
const PATIENT = { ...DETAILS, confirmedNotDuplicate: true };

describe('change capture', () => {
  it('leaves no change behind when the write rolls back, for records and for accounts and settings alike', async () => {
    const [a] = await pair();
    const { services } = a.core;
    const before = changeCount(a);
    const owner = services.identity.listUsers()[0]?.id ?? '';
    const ctx = { facilityId: a.facilityId(), userId: owner, now: new Date(a.now) };
    expect(() =>
      a.db.transaction(() => {
        services.identity.insertUser(
          {
            facilityId: a.facilityId(),
            username: 'baraka',
            displayName: 'Baraka',
            passwordHash: 'x',
            mustChangePassword: true,
            roles: ['registration_clerk'],
          },
          new Date(a.now),
        );
        services.shifts.setClockInGraceMinutes(20);
        services.patients.register(
          {
            familyName: 'Otieno',
            givenName: 'Akinyi',
            sex: 'female',
            birth: { kind: 'date', date: '1985-01-30' },
            residence: { county: 'Kisumu' },
            identifiers: [],
            sensitivity: 'none',
          },
          '11234-X-00001',
          ctx,
        );
        expect(changeCount(a)).toBeGreaterThan(before + 3);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(changeCount(a)).toBe(before);
  });

  it('logs a plain SQL edit per changed column, with the version it overwrote', async () => {
    const [a] = await pair();
    const owner = a.core.services.identity.listUsers()[0];
    if (owner === undefined) throw new Error('no owner');
    const before = a.db.prepare('SELECT max(seq) FROM change_log').pluck().get() as number;
    a.now += 1_000;
    a.core.services.identity.update(owner.id, { display_name: 'Amina W.', failed_attempts: 2 }, new Date(a.now));
    const logged = a.db
      .prepare("SELECT op, data, base FROM change_log WHERE seq > ? AND table_name = 'users' ORDER BY seq")
      .all(before) as { op: string; data: string; base: string }[];
    expect(logged.map((change) => Object.keys(JSON.parse(change.data) as object)[0]).sort()).toEqual([
      'display_name',
      'failed_attempts',
      'updated_at',
    ]);
    for (const change of logged) {
      expect(change.op).toBe('update');
      const [base] = Object.values(JSON.parse(change.base) as Record<string, string>);
      expect(base).toMatch(/^[0-9a-f]{12}\.[0-9a-f]{4}\./);
    }
  });

  it('does not capture while remote changes are applied', async () => {
    const [a] = await pair();
    const before = changeCount(a);
    enableCapture(a.db).withoutCapture(() =>
      a.db.prepare("INSERT INTO settings (key, value) VALUES ('applied_remotely', '1')").run(),
    );
    expect(changeCount(a)).toBe(before);
  });
});

describe('the merge', () => {
  it('changes nothing when the same batches are applied again', async () => {
    const [a, b] = await pair();
    await a.ok(ADMIN, 'patients.register', PATIENT);
    await a.sync.syncNow();
    await b.sync.syncNow();
    const dump = canonicalDump(b);
    b.db.prepare('UPDATE sync_state SET pull_cursor = 0').run();
    const again = await b.sync.syncNow();
    expect(again.appliedChanges).toBeGreaterThan(0);
    expect(again.newConflicts).toBe(0);
    expect(canonicalDump(b)).toBe(dump);
    expect(canonicalDump(b)).toBe(canonicalDump(a));
  });

  it('applies a row that arrives before the row it refers to, and an edit before its row; both resolve', async () => {
    const [a, b] = await pair();
    const before = a.db.prepare('SELECT max(seq) FROM change_log').pluck().get() as number;
    const patient = await a.ok<PatientView>(ADMIN, 'patients.register', PATIENT);
    const { services } = a.core;
    const ctx = {
      facilityId: a.facilityId(),
      userId: services.identity.listUsers()[0]?.id ?? '',
      now: new Date(a.now),
    };
    a.db.transaction(() => {
      const visit = services.visits.checkIn(patient.id, null, ctx);
      services.vitals.record(patient.id, visit, { temperatureC: 38.2, pulseBpm: 96 }, ctx);
    })();
    a.now += 1_000;
    await a.ok(ADMIN, 'patients.update', { ...DETAILS, patientId: patient.id, phone: '0722 999 000' });
    const clinical = new Set(['patients', 'patient_identifiers', 'visits', 'vital_signs']);
    const changes = (a.db.prepare('SELECT * FROM change_log WHERE seq > ? ORDER BY seq').all(before) as LoggedChange[])
      .filter((change) => clinical.has(change.table_name))
      .map(toWireChange);

    // Everything in reverse: vitals before their visit and patient, the phone edit before the patient.
    const applier = new ChangeApplier(
      b.db,
      { reindexPatient: (id) => b.core.services.patients.reindex(id), observe: () => undefined },
      () => new Date(b.now),
    );
    applier.validate(changes, a.core.services.workstationId);
    const dangling: number[] = [];
    const pending: number[] = [];
    for (const change of [...changes].reverse()) {
      inApplyTransaction(b.db, enableCapture(b.db), () => applier.apply([change]));
      dangling.push((b.db.pragma('foreign_key_check') as unknown[]).length);
      pending.push(b.db.prepare('SELECT count(*) FROM sync_pending').pluck().get() as number);
    }
    expect(changes.at(-1)).toMatchObject({ t: 'patients', o: 'update' });
    expect(pending[0]).toBe(1); // the phone edit waits for its patient
    expect(Math.max(...dangling)).toBeGreaterThan(0); // the vitals row was there before its visit and patient
    expect(dangling.at(-1)).toBe(0);
    expect(b.db.prepare('SELECT count(*) FROM sync_pending').pluck().get()).toBe(0);
    const tables = ['patients', 'patient_identifiers', 'visits', 'vital_signs'];
    const rows = (ws: Workstation) => tables.map((table) => ws.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all());
    expect(rows(b)).toEqual(rows(a));
    expect(b.db.prepare('SELECT phone FROM patients').pluck().get()).toBe('+254722999000');
    expect(b.db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The search index was rebuilt from the applied rows.
    expect(b.db.prepare('SELECT terms FROM patient_search WHERE patient_id = ?').pluck().get(patient.id)).toContain(
      'akinyi',
    );
    expect(rowCounts(b)['patients']).toBe(1);
  });

  it('lets two workstations create the same username offline, the same way everywhere, and logs it', async () => {
    const [a, b] = await pair();
    await b.signInOwner();
    const user = {
      username: 'juma',
      displayName: 'Juma',
      roles: ['registration_clerk'],
      temporaryPassword: 'Ndege-Wanaimba-Asubuhi-77',
    };
    await a.ok(ADMIN, 'users.create', user);
    await b.ok(ADMIN, 'users.create', { ...user, displayName: 'Juma Otieno' });
    for (let round = 0; round < 2; round += 1) for (const ws of [a, b]) await ws.sync.syncNow();
    expect(canonicalDump(b)).toBe(canonicalDump(a));
    const keys = a.db.prepare("SELECT username_key FROM users WHERE username = 'juma' ORDER BY id").pluck().all();
    expect(keys).toEqual(['juma', expect.stringMatching(/^juma#[0-9a-f]{8}$/)]);
    expect(a.sync.conflicts({ includeReviewed: false, limit: 10 }).map((c) => c.columnName)).toEqual(['username_key']);
  });

  it('merges settings changed on two workstations offline, and roles per user and role', async () => {
    const [a, b] = await pair();
    await b.signInOwner();
    a.core.services.shifts.setClockInGraceMinutes(20);
    b.now += 1_000;
    b.core.services.shifts.setClockInGraceMinutes(30);
    const owner = a.core.services.identity.listUsers()[0]?.id ?? '';
    a.core.services.identity.setAccess(owner, { roles: ['owner', 'registration_clerk'], grants: [], revocations: [] });
    b.core.services.identity.setAccess(owner, { roles: ['owner', 'nurse'], grants: [], revocations: [] });
    for (let round = 0; round < 2; round += 1) for (const ws of [a, b]) await ws.sync.syncNow();
    expect(canonicalDump(b)).toBe(canonicalDump(a));
    expect(a.core.services.shifts.clockInGraceMs()).toBe(30 * 60_000);
    expect(a.sync.conflicts({ includeReviewed: false, limit: 10 })).toEqual([
      expect.objectContaining({ tableName: 'settings', columnName: 'value', losingValue: JSON.stringify('20') }),
    ]);
  });
});
