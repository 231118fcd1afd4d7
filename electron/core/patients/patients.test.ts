import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DuplicateCandidate,
  PatientDetailsInput,
  PatientSummary,
  PatientView,
} from '../../../shared/api/patients';
import { CoreHarness, FACILITY } from '../identity/testing';
import { SEARCH_CANDIDATES } from './repository';
import { patientSearchByRowidMigration } from './schema';
import { makeTempDir } from '../testing/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
const ADMIN = 'owner-window';
const CLERK = 'clerk-window';

const AMINA: PatientDetailsInput = {
  familyName: 'Wanjiru',
  givenName: 'Amina',
  middleName: 'Njeri',
  sex: 'female',
  birth: { kind: 'date', date: '1990-04-12' },
  phone: '0712 345 678',
  residence: { county: 'Kilifi', subCounty: 'Kaloleni', village: 'Mariakani' },
  nextOfKin: { name: 'Baraka Wanjiru', relationship: 'Brother', phone: '0722000111' },
  identifiers: [{ type: 'national_id', value: '23456789' }],
};

async function signIn(caller: string, username: string, roles: string[]): Promise<void> {
  const temporary = 'Ndege-Wanaimba-Asubuhi-77';
  await h.ok(ADMIN, 'users.create', { username, displayName: username, roles, temporaryPassword: temporary });
  await h.ok(caller, 'auth.login', { username, password: temporary });
  await h.ok(caller, 'auth.changePassword', { currentPassword: temporary, newPassword: 'Mvua-Inanyesha-Leo-Jioni-5' });
}

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
  await signIn(CLERK, 'clerk.one', ['registration_clerk']);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

const register = (details: PatientDetailsInput, caller = CLERK, confirmedNotDuplicate = false) =>
  h.call(caller, 'patients.register', { ...details, confirmedNotDuplicate });
const search = (query: string, caller = CLERK) => h.ok<PatientSummary[]>(caller, 'patients.search', { query });

describe('patient registration', () => {
  it('registers a patient with a facility patient number, normalised phone and identifiers', async () => {
    const result = await register(AMINA);
    expect(result.ok).toBe(true);
    const patient = (result as { value: PatientView }).value;
    expect(patient).toMatchObject({
      familyName: 'Wanjiru',
      givenName: 'Amina',
      phone: '+254712345678',
      birthDate: '1990-04-12',
      birthDateEstimated: false,
      ageYears: 36,
      identifiers: [{ type: 'national_id', value: '23456789' }],
      sensitivity: 'none',
    });
    expect(patient.patientNumber).toMatch(new RegExp(`^${FACILITY.mflCode}-[0-9A-F]{6}-00001$`));
    const second = await register({ ...AMINA, givenName: 'Zawadi', phone: '0799111222', identifiers: [] });
    expect((second as { value: PatientView }).value.patientNumber).toMatch(/-00002$/);
  });

  it('accepts an estimated age when the date of birth is unknown', async () => {
    const result = await register({
      ...AMINA,
      birth: { kind: 'estimated_age', years: 40 },
      phone: undefined,
      identifiers: [],
    });
    expect(result).toMatchObject({
      ok: true,
      value: { ageYears: 40, birthDateEstimated: true, birthDate: '1986-11-22' },
    });
  });

  it('refuses invalid input field by field and saves nothing', async () => {
    const result = await h.call(CLERK, 'patients.register', {
      ...AMINA,
      phone: '12345',
      residence: { county: 'Atlantis' },
      identifiers: [
        { type: 'national_id', value: '1' },
        { type: 'national_id', value: '23456789' },
      ],
    });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
    const paths = !result.ok ? result.issues?.map((issue) => issue.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['phone', 'residence.county', 'identifiers.0.value', 'identifiers']));
    expect(await search('Wanjiru')).toEqual([]);
  });

  it.each([
    ['the same phone', { familyName: 'Otieno', givenName: 'Brian', identifiers: [] }, 'phone'],
    ['the same identifier', { familyName: 'Otieno', givenName: 'Brian', phone: '0733000000' }, 'identifier'],
    [
      'a similar name and close age',
      { givenName: 'Aminah', phone: '0733000000', identifiers: [], birth: { kind: 'date', date: '1991-01-01' } },
      'name_and_age',
    ],
  ] as const)(
    'warns of a possible duplicate with %s, and registers once confirmed',
    async (_label, changes, reason) => {
      await register(AMINA);
      const other = { ...AMINA, ...changes } as PatientDetailsInput;
      const duplicates = await h.ok<DuplicateCandidate[]>(CLERK, 'patients.findDuplicates', other);
      expect(duplicates).toHaveLength(1);
      expect(duplicates[0]?.reasons).toContain(reason);
      expect(await register(other)).toMatchObject({ ok: false, code: 'CONFLICT', message: /already registered/ });
      expect(await register(other, CLERK, true)).toMatchObject({ ok: true });
    },
  );

  it('does not call different people duplicates', async () => {
    await register(AMINA);
    const different = {
      ...AMINA,
      givenName: 'Zawadi',
      phone: '0733000000',
      identifiers: [],
      birth: { kind: 'date', date: '2015-01-01' },
    } as const;
    expect(await h.ok(CLERK, 'patients.findDuplicates', different)).toEqual([]);
  });

  it('is refused to roles without the permission', async () => {
    await signIn('lab', 'lab.tech', ['lab_technician']);
    expect(await register(AMINA, 'lab')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('patient search', () => {
  beforeEach(async () => {
    await register(AMINA);
    await register({
      ...AMINA,
      familyName: 'Otieno',
      givenName: 'Brian',
      middleName: undefined,
      phone: '0799111222',
      identifiers: [{ type: 'sha_number', value: 'SHA-778899' }],
    });
  });

  it.each([
    ['a fragment of the given name', 'amin'],
    ['the family name', 'Wanjiru'],
    ['parts of names in either order', 'wanj amin'],
    ['parts of names in the other order', 'amin wanj'],
    ['a short fragment with a longer one', 'am wanj'],
    ['the phone as dialled', '0712345678'],
    ['the phone in international form', '+254712345678'],
    ['an identifier', '23456789'],
  ])('finds a patient by %s', async (_label, query) => {
    expect((await search(query)).map((patient) => patient.givenName)).toEqual(['Amina']);
  });

  it('finds by patient number and by SHA number', async () => {
    const [brian] = await search('Otieno');
    expect((await search(brian?.patientNumber ?? '')).map((patient) => patient.givenName)).toEqual(['Brian']);
    expect((await search('sha-778899')).map((patient) => patient.givenName)).toEqual(['Brian']);
  });

  it('finds nothing for a name nobody has', async () => {
    expect(await search('Kipchoge')).toEqual([]);
  });

  it('audits searches and chart reads', async () => {
    const [amina] = await search('amina');
    await h.ok(CLERK, 'patients.get', { patientId: amina?.id });
    const rows = h.core.store.db
      .prepare(
        "SELECT command, action, resource_type, resource_id, record_count FROM audit_log WHERE command LIKE 'patients.%' AND outcome = 'allowed' ORDER BY seq",
      )
      .all();
    expect(rows.slice(-2)).toEqual([
      {
        command: 'patients.search',
        action: 'READ',
        resource_type: 'patient_search',
        resource_id: null,
        record_count: 1,
      },
      { command: 'patients.get', action: 'READ', resource_type: 'patient', resource_id: amina?.id, record_count: null },
    ]);
  });
});

describe('sensitive registrations', () => {
  it('hide the patient from search, chart and duplicate checks for a clerk, but not for the HTS counsellor', async () => {
    const registered = await h.ok<PatientView>(ADMIN, 'patients.register', {
      ...AMINA,
      sensitivity: 'hiv',
      confirmedNotDuplicate: false,
    });
    await signIn('hts', 'hts.counsellor', ['hts_counsellor']);

    expect(await search('Wanjiru')).toEqual([]);
    expect(await search('0712345678')).toEqual([]);
    expect(await h.call(CLERK, 'patients.get', { patientId: registered.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.ok(CLERK, 'patients.findDuplicates', AMINA)).toEqual([]);

    expect((await search('Wanjiru', 'hts')).map((patient) => patient.id)).toEqual([registered.id]);
    expect(await h.call('hts', 'patients.get', { patientId: registered.id })).toMatchObject({ ok: true });
  });

  it('are left out of the register export for a records officer without the permission', async () => {
    await h.ok(ADMIN, 'patients.register', { ...AMINA, sensitivity: 'hiv', confirmedNotDuplicate: false });
    await register({ ...AMINA, familyName: 'Otieno', givenName: 'Brian', phone: '0799111222', identifiers: [] });
    await signIn('hro', 'records.officer', ['health_records_officer']);
    const { secret } = await h.enrollMfa('hro');
    expect(await h.call('hro', 'patients.export', {})).toMatchObject({ code: 'STEP_UP_REQUIRED' });
    await h.ok('hro', 'auth.stepUp', { password: 'Mvua-Inanyesha-Leo-Jioni-5', code: h.totp(secret) });
    const exported = await h.ok<{ csv: string; rowCount: number }>('hro', 'patients.export', {});
    expect(exported.rowCount).toBe(1);
    expect(exported.csv).toContain('Otieno');
    expect(exported.csv).not.toContain('Wanjiru');
    const audited = h.core.store.db
      .prepare("SELECT action, record_count FROM audit_log WHERE command = 'patients.export' AND outcome = 'allowed'")
      .get();
    expect(audited).toEqual({ action: 'EXPORT', record_count: 1 });
  });
});

describe('filing a registration under a sensitive programme', () => {
  it('needs the permission for the programme to register under it', async () => {
    expect(await register({ ...AMINA, sensitivity: 'hiv' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(h.core.store.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(0);
    await signIn('hts-desk', 'hts.desk', ['registration_clerk', 'hts_counsellor']);
    expect(await register({ ...AMINA, sensitivity: 'hiv' }, 'hts-desk')).toMatchObject({ ok: true });
    expect(await register({ ...AMINA, sensitivity: 'gbv' }, 'hts-desk', true)).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('needs the permission for both the old and the new category to change it, break-glass or not', async () => {
    // Both may edit demographics (records officer); one may break the glass (nurse), the other holds reproductive health (midwife).
    await signIn('nurse-hro', 'nurse.records', ['nurse', 'health_records_officer']);
    await signIn('midwife-hro', 'midwife.records', ['midwife', 'health_records_officer']);
    const hiv = await h.ok<PatientView>(ADMIN, 'patients.register', {
      ...AMINA,
      sensitivity: 'hiv',
      confirmedNotDuplicate: true,
    });
    const plain = (
      (await register({ ...AMINA, familyName: 'Otieno', phone: '0799111222', identifiers: [] })) as {
        value: PatientView;
      }
    ).value;
    const refile = (patient: PatientView, sensitivity: string, caller: string) =>
      h.call(caller, 'patients.update', {
        ...AMINA,
        familyName: patient.familyName,
        phone: patient.phone ?? undefined,
        identifiers: patient.identifiers,
        sensitivity,
        patientId: patient.id,
      });

    // Into a programme the clerk does not hold: refused, and nothing changed.
    expect(await refile(plain, 'hiv', CLERK)).toMatchObject({ code: 'FORBIDDEN' });
    expect((await h.ok<PatientView>(CLERK, 'patients.get', { patientId: plain.id })).sensitivity).toBe('none');

    // Emergency access lets the nurse see the HIV registration and edit its details, not take it out of HIV care.
    const { secret } = await h.enrollMfa('nurse-hro');
    await h.ok('nurse-hro', 'auth.stepUp', { password: 'Mvua-Inanyesha-Leo-Jioni-5', code: h.totp(secret) });
    await h.ok('nurse-hro', 'breakGlass.request', { patientId: hiv.id, reason: 'Unconscious, needs ART history' });
    expect(await refile(hiv, 'none', 'nurse-hro')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refile(hiv, 'hiv', 'nurse-hro')).toMatchObject({ ok: true });

    // The owner holds every programme: out of HIV into reproductive health, audited with both categories.
    const moved = await h.ok<PatientView>(ADMIN, 'patients.update', {
      ...AMINA,
      sensitivity: 'reproductive_health',
      patientId: hiv.id,
    });
    expect(moved.sensitivity).toBe('reproductive_health');
    expect(
      h.core.store.db
        .prepare("SELECT purpose FROM audit_log WHERE command = 'patients.update' AND outcome = 'allowed' ORDER BY seq")
        .pluck()
        .all(),
    ).toEqual([null, 'sensitivity changed from hiv to reproductive_health']);

    // The midwife sees reproductive health, but may move the patient neither into HIV care nor into a plain register.
    expect(await refile(moved, 'hiv', 'midwife-hro')).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refile(moved, 'reproductive_health', 'midwife-hro')).toMatchObject({ ok: true });
  });
});

describe('editing a patient', () => {
  it('writes only the changed columns, keeps identifiers in step, and is audited', async () => {
    const patient = ((await register(AMINA)) as { value: PatientView }).value;
    const before = h.core.store.db.prepare('SELECT max(seq) FROM change_log').pluck().get() as number;
    const updated = await h.ok<PatientView>(CLERK, 'patients.update', {
      ...AMINA,
      patientId: patient.id,
      phone: '0700111222',
      identifiers: [{ type: 'sha_number', value: 'SHA-1234' }],
    });
    expect(updated).toMatchObject({ phone: '+254700111222', identifiers: [{ type: 'sha_number', value: 'SHA-1234' }] });
    const logged = h.core.store.db
      .prepare("SELECT table_name, op, data FROM change_log WHERE seq > ? AND table_name <> 'audit_log' ORDER BY seq")
      .all(before) as { table_name: string; op: string; data: string }[];
    expect(logged.map((change) => `${change.table_name}:${change.op}`)).toEqual([
      'patients:update',
      'patient_identifiers:delete',
      'patient_identifiers:insert',
    ]);
    expect(Object.keys(JSON.parse(logged[0]?.data ?? '{}')).sort()).toEqual(['phone', 'updated_at']);
    expect((await search('0700111222')).map((found) => found.id)).toEqual([patient.id]);
    expect(await search('0712345678')).toEqual([]);
    const audited = h.core.store.db
      .prepare("SELECT action, resource_id FROM audit_log WHERE command = 'patients.update' AND outcome = 'allowed'")
      .get();
    expect(audited).toEqual({ action: 'UPDATE', resource_id: patient.id });
  });
});

describe('the search index', () => {
  const indexRows = () =>
    h.core.store.db
      .prepare(
        'SELECT s.rowid AS searchRowid, p.rowid AS patientRowid, s.patient_id AS patientId FROM patient_search s LEFT JOIN patients p ON p.id = s.patient_id ORDER BY s.rowid',
      )
      .all() as { searchRowid: number; patientRowid: number | null; patientId: string }[];

  it('holds one row per patient, under the patient row’s rowid, replaced on edit', async () => {
    const amina = ((await register(AMINA)) as { value: PatientView }).value;
    const brian = (
      (await register({
        ...AMINA,
        givenName: 'Brian',
        familyName: 'Otieno',
        phone: '0799111222',
        identifiers: [],
      })) as {
        value: PatientView;
      }
    ).value;
    await h.ok(CLERK, 'patients.update', { ...AMINA, patientId: amina.id, familyName: 'Mwangi' });
    const rows = indexRows();
    expect(rows.map((row) => row.patientId).sort()).toEqual([amina.id, brian.id].sort());
    expect(rows.every((row) => row.searchRowid === row.patientRowid)).toBe(true);
    expect((await search('mwang amin')).map((found) => found.id)).toEqual([amina.id]);
    expect(await search('wanjiru')).toEqual([]);
  });

  it('is re-keyed by its migration from rows an older version wrote under other rowids', async () => {
    const amina = ((await register(AMINA)) as { value: PatientView }).value;
    const brian = (
      (await register({
        ...AMINA,
        givenName: 'Brian',
        familyName: 'Otieno',
        phone: '0799111222',
        identifiers: [],
      })) as {
        value: PatientView;
      }
    ).value;
    // As the older version left it: other rowids, a stale earlier row for Amina, and a row of a patient since removed.
    const db = h.core.store.db;
    db.exec('DELETE FROM patient_search');
    const legacy = db.prepare('INSERT INTO patient_search (rowid, patient_id, terms) VALUES (?, ?, ?)');
    legacy.run(7, amina.id, 'old name before an edit');
    legacy.run(8, brian.id, 'otieno brian');
    legacy.run(9, amina.id, 'wanjiru amina njeri');
    legacy.run(10, '0190f000-0000-7000-8000-000000000000', 'nobody');

    db.transaction(() => patientSearchByRowidMigration.up(db))();

    const rows = indexRows();
    expect(rows.map((row) => row.patientId).sort()).toEqual([amina.id, brian.id].sort());
    expect(rows.every((row) => row.searchRowid === row.patientRowid)).toBe(true);
    expect((await search('wanj amin')).map((found) => found.id)).toEqual([amina.id]);
    expect(await search('old name')).toEqual([]);
    // And edits after it replace the row in place.
    await h.ok(CLERK, 'patients.update', { ...AMINA, patientId: amina.id, givenName: 'Aminata' });
    expect(indexRows()).toHaveLength(2);
  });
});

describe('searching a large register', () => {
  /** Registers patients straight through the repository, many to a transaction, as demo data does. */
  function registerMany(count: number, givenName: (index: number) => string): void {
    const facility = h.core.services.identity.facility();
    const userId = h.core.services.identity.userByUsername('clerk.one')?.id ?? '';
    const ctx = { facilityId: facility?.id ?? '', userId, now: new Date(h.now) };
    h.core.store.db.transaction(() => {
      for (let index = 0; index < count; index += 1) {
        h.core.services.patients.register(
          {
            familyName: 'Wanjiru',
            givenName: givenName(index),
            sex: 'female',
            birth: { kind: 'estimated_age', years: 30 },
            residence: { county: 'Kilifi' },
            identifiers: [],
            sensitivity: 'none',
          },
          `11234-TEST-${String(h.core.services.records.nextCounter('patient_number')).padStart(6, '0')}`,
          ctx,
        );
      }
    })();
  }

  it('shows the first matches in name order when a fragment matches more than it sorts', async () => {
    registerMany(SEARCH_CANDIDATES + 100, (index) => `Mercy${String(index).padStart(4, '0')}`);
    const found = await h.ok<PatientSummary[]>(CLERK, 'patients.search', { query: 'wanj', limit: 20 });
    expect(found).toHaveLength(20);
    const names = found.map((patient) => patient.givenName);
    expect(names).toEqual([...names].sort());
    expect(found.every((patient) => patient.familyName === 'Wanjiru')).toBe(true);
  });

  it('still finds every match when a short fragment narrows a common one past the first matches', async () => {
    // The only "Z…" Wanjirus were registered after the candidates a first pass sorts.
    registerMany(SEARCH_CANDIDATES + 10, (index) => (index >= SEARCH_CANDIDATES ? `Zawadi${index}` : `Mercy${index}`));
    const found = await h.ok<PatientSummary[]>(CLERK, 'patients.search', { query: 'wanj z', limit: 20 });
    expect(found.map((patient) => patient.givenName)).toHaveLength(10);
    expect(found.every((patient) => patient.givenName.startsWith('Zawadi'))).toBe(true);
  });
});
