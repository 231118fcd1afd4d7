import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PatientView } from '../../../shared/api/patients';
import type { QueueEntry, VisitView } from '../../../shared/api/visits';
import type { VitalsView } from '../../../shared/api/vitals';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, clockIn, PATIENT, registerPatient, signInAs } from './clinical-test-support';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
let patient: PatientView;
const NURSE = 'nurse-window';
let nurseId: string;

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
  nurseId = await signInAs(h, NURSE, 'wanjiku.nurse', ['nurse']);
  patient = await registerPatient(h);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

const checkIn = (caller = ADMIN) => h.ok<VisitView>(caller, 'visits.checkIn', { patientId: patient.id });

describe('visits', () => {
  it('check in as a new attendance, then a re-attendance the same year, listed newest first', async () => {
    const first = await checkIn();
    expect(first).toMatchObject({ attendance: 'new', stage: 'triage', outcome: null });
    expect(await h.call(ADMIN, 'visits.checkIn', { patientId: patient.id })).toMatchObject({ code: 'CONFLICT' });
    await h.ok(ADMIN, 'visits.close', { visitId: first.id, outcome: 'discharged' });
    h.advance(60_000);
    const second = await checkIn();
    expect(second).toMatchObject({ attendance: 'revisit' });
    expect(
      (await h.ok<VisitView[]>(ADMIN, 'visits.forPatient', { patientId: patient.id })).map((visit) => visit.id),
    ).toEqual([second.id, first.id]);
  });

  it('move through the stages, and each role sees its own queue', async () => {
    const visit = await checkIn();
    await signInAs(h, 'lab', 'lab.tech', ['lab_technician']);
    expect((await h.ok<QueueEntry[]>(NURSE, 'visits.queue', {})).map((entry) => entry.patient.givenName)).toEqual([
      'Amina',
    ]);
    expect(await h.ok(`lab`, 'visits.queue', {})).toEqual([]);
    await h.ok(ADMIN, 'visits.moveStage', { visitId: visit.id, stage: 'lab' });
    expect(await h.ok(NURSE, 'visits.queue', {})).toEqual([]);
    expect((await h.ok<QueueEntry[]>('lab', 'visits.queue', {})).map((entry) => entry.stage)).toEqual(['lab']);
  });

  it('close with an outcome; a referral needs its destination', async () => {
    const visit = await checkIn();
    expect(await h.call(ADMIN, 'visits.close', { visitId: visit.id, outcome: 'referred_out' })).toMatchObject({
      code: 'VALIDATION',
    });
    const closed = await h.ok<VisitView>(ADMIN, 'visits.close', {
      visitId: visit.id,
      outcome: 'referred_out',
      destination: 'Kilifi County Hospital',
    });
    expect(closed).toMatchObject({
      stage: 'done',
      outcome: 'referred_out',
      referralDestination: 'Kilifi County Hospital',
      closedAt: expect.any(String),
    });
    expect(await h.call(ADMIN, 'visits.moveStage', { visitId: visit.id, stage: 'clinician' })).toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('reading one visit', () => {
  it('returns the visit with its patient, audited as a read of that patient, hidden with a hidden patient', async () => {
    const visit = await checkIn();
    const read = await h.ok<VisitView & { patient: PatientView }>(NURSE, 'visits.get', { visitId: visit.id });
    expect(read).toMatchObject({ id: visit.id, stage: 'triage', patient: { id: patient.id, familyName: 'Wanjiru' } });
    expect(
      h.core.store.db
        .prepare("SELECT action, resource_id, patient_id FROM audit_log WHERE command = 'visits.get' ORDER BY seq DESC")
        .get(),
    ).toEqual({ action: 'READ', resource_id: visit.id, patient_id: patient.id });

    const hidden = await registerPatient(h, {
      ...PATIENT,
      familyName: 'Achieng',
      phone: '0711222333',
      sensitivity: 'hiv',
    });
    const hiddenVisit = await h.ok<VisitView>(ADMIN, 'visits.checkIn', { patientId: hidden.id });
    expect(await h.call(NURSE, 'visits.get', { visitId: hiddenVisit.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await h.call(NURSE, 'visits.get', { visitId: '0190f000-0000-7000-8000-000000000000' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    await signInAs(h, 'it', 'it.support', ['it_support']);
    expect(await h.call('it', 'visits.get', { visitId: visit.id })).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the audit trail by patient', () => {
  it('finds every command about the patient: registration, chart read, check-in and vitals', async () => {
    await h.ok(ADMIN, 'patients.get', { patientId: patient.id });
    const visit = await checkIn();
    await h.ok(ADMIN, 'vitals.record', { visitId: visit.id, values: { temperatureC: 37 } });
    const other = await registerPatient(h, { ...PATIENT, givenName: 'Zawadi', phone: '0799000111' });
    await h.ok(ADMIN, 'patients.get', { patientId: other.id });
    const found = await h.ok<{ entries: { command: string }[] }>(ADMIN, 'audit.search', {
      filter: { patientId: patient.id },
    });
    expect(found.entries.map((entry) => entry.command).sort()).toEqual([
      'patients.get',
      'patients.register',
      'visits.checkIn',
      'vitals.record',
    ]);
  });
});

describe('recording vitals', () => {
  const values = {
    temperatureC: 38.6,
    pulseBpm: 96,
    respiratoryRate: 18,
    systolicMmHg: 150,
    diastolicMmHg: 95,
    weightKg: 64,
    heightCm: 160,
    spo2Percent: 97,
  };

  it('needs an active shift for a nurse: refused, clocked in, then recorded; an admin needs none', async () => {
    const visit = await checkIn();
    expect(await h.call(NURSE, 'vitals.record', { visitId: visit.id, values })).toMatchObject({
      ok: false,
      code: 'NO_ACTIVE_SHIFT',
      message: /Clock in/,
    });
    await clockIn(h, NURSE, nurseId);
    expect(await h.call(NURSE, 'vitals.record', { visitId: visit.id, values })).toMatchObject({ ok: true });
    expect(await h.call(ADMIN, 'vitals.record', { visitId: visit.id, values: { temperatureC: 37 } })).toMatchObject({
      ok: true,
    });
  });

  it('computes BMI and flags abnormal values', async () => {
    const visit = await checkIn();
    const recorded = await h.ok<VitalsView>(ADMIN, 'vitals.record', { visitId: visit.id, values });
    expect(recorded.bmi).toBe(25);
    expect(recorded.flags.map((flag) => flag.message)).toEqual(
      expect.arrayContaining(['Fever', 'High blood pressure', 'Overweight (BMI ≥ 25)']),
    );
    expect(recorded.flags.map((flag) => flag.code)).toEqual(
      expect.arrayContaining(['fever', 'highBloodPressure', 'overweight']),
    );
    expect(recorded.flags.map((flag) => flag.vital)).not.toContain('pulseBpm');
  });

  it.each([
    [{ temperatureC: 52 }, 'values.temperatureC', /not possible/],
    [{ spo2Percent: 101 }, 'values.spo2Percent', /not possible/],
    [{ systolicMmHg: 120 }, 'values.diastolicMmHg', /both/],
    [{ systolicMmHg: 80, diastolicMmHg: 90 }, 'values.diastolicMmHg', /lower than systolic/],
    [{}, 'values', /at least one/],
  ])('refuses an impossible reading %j', async (reading, path, message) => {
    const visit = await checkIn();
    const result = await h.call(ADMIN, 'vitals.record', { visitId: visit.id, values: reading });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(!result.ok && result.issues?.some((issue) => issue.path === path && message.test(issue.message))).toBe(true);
    expect(await h.ok(ADMIN, 'vitals.forVisit', { visitId: visit.id })).toEqual([]);
  });

  it('uses child thresholds for a child', async () => {
    const child = await registerPatient(h, {
      familyName: 'Otieno',
      givenName: 'Baraka',
      sex: 'male',
      birth: { kind: 'estimated_age', years: 2 },
      residence: { county: 'Kilifi' },
      identifiers: [],
    });
    const visit = await h.ok<VisitView>(ADMIN, 'visits.checkIn', { patientId: child.id });
    const recorded = await h.ok<VitalsView>(ADMIN, 'vitals.record', {
      visitId: visit.id,
      values: { respiratoryRate: 44, pulseBpm: 120, muacCm: 11.9 },
    });
    expect(recorded.flags.map((flag) => flag.message)).toEqual([
      'Fast breathing for age',
      'Moderate acute malnutrition (MUAC < 12.5 cm)',
    ]);
  });

  it('answers with the reading exactly as it reads back, for a recording and for an amendment', async () => {
    const visit = await checkIn();
    await clockIn(h, NURSE, nurseId);
    const recorded = await h.ok<VitalsView>(NURSE, 'vitals.record', { visitId: visit.id, values });
    expect(recorded).toMatchObject({ recordedBy: nurseId, recordedByName: 'wanjiku.nurse', supersededBy: null });
    expect(await h.ok(NURSE, 'vitals.forVisit', { visitId: visit.id })).toEqual([recorded]);
    h.advance(60_000);
    const amended = await h.ok<VitalsView>(NURSE, 'vitals.amend', {
      vitalsId: recorded.id,
      values: { temperatureC: 36.4, muacCm: 22 },
      reason: 'Thermometer was faulty',
    });
    const history = await h.ok<VitalsView[]>(NURSE, 'vitals.forVisit', { visitId: visit.id });
    expect(history).toEqual([{ ...recorded, supersededBy: amended.id }, amended]);
  });

  it('amends by a new reading that supersedes the original, which is kept', async () => {
    const visit = await checkIn();
    const original = await h.ok<VitalsView>(ADMIN, 'vitals.record', {
      visitId: visit.id,
      values: { temperatureC: 39.9 },
    });
    const amended = await h.ok<VitalsView>(ADMIN, 'vitals.amend', {
      vitalsId: original.id,
      values: { temperatureC: 36.9 },
      reason: 'Misread thermometer',
    });
    expect(amended).toMatchObject({
      supersedesId: original.id,
      amendmentReason: 'Misread thermometer',
      values: { temperatureC: 36.9 },
    });
    const history = await h.ok<VitalsView[]>(ADMIN, 'vitals.forVisit', { visitId: visit.id });
    expect(history.map((reading) => [reading.values['temperatureC'], reading.supersededBy])).toEqual([
      [39.9, amended.id],
      [36.9, null],
    ]);
    expect(
      await h.call(ADMIN, 'vitals.amend', {
        vitalsId: original.id,
        values: { temperatureC: 37 },
        reason: 'again please',
      }),
    ).toMatchObject({
      code: 'CONFLICT',
    });
    expect(() => h.core.store.db.prepare('UPDATE vital_signs SET temperature_c = 1').run()).toThrow(/append-only/);
    expect(() => h.core.store.db.prepare('DELETE FROM vital_signs').run()).toThrow(/append-only/);
  });
});

describe('the vital_signs indexes', () => {
  it('keeps an index for each way readings are read, and none they are not read by', () => {
    const { db } = h.core.store;
    const plan = (sql: string, ...params: string[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join('; ');
    expect(plan('SELECT * FROM vital_signs v WHERE v.visit_id = ? ORDER BY v.recorded_at, v.hlc', 'v')).toMatch(
      /vital_signs_visit/,
    );
    expect(plan('SELECT s.id FROM vital_signs s WHERE s.supersedes_id = ? ORDER BY s.hlc DESC LIMIT 1', 'v')).toMatch(
      /vital_signs_supersedes/,
    );
    expect(plan('SELECT * FROM vital_signs v WHERE v.id = ?', 'v')).toMatch(/sqlite_autoindex_vital_signs_1/);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'vital_signs' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual(['sqlite_autoindex_vital_signs_1', 'vital_signs_supersedes', 'vital_signs_visit']);
  });
});
