import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  DuplicateCandidate,
  PatientDetailsInput,
  PatientSummary,
  PatientView,
} from '../../../shared/api/patients';
import { CoreHarness, FACILITY } from '../identity/testing';
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
