import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiagnosisView } from '../../../shared/api/diagnoses';
import type { Diagnosis } from '../../../shared/api/reference';
import type { PatientView } from '../../../shared/api/patients';
import type { VisitView } from '../../../shared/api/visits';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, clockIn, registerPatient, signInAs } from '../visits/clinical-test-support';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
let patient: PatientView;
let visit: VisitView;
const DOC = 'doctor-window';
let doctorId: string;

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
  patient = await registerPatient(h);
  visit = await h.ok<VisitView>(ADMIN, 'visits.checkIn', { patientId: patient.id });
  doctorId = await signInAs(h, DOC, 'dr.kamau', ['clinician']);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

const record = (caller: string, diagnosis: unknown, episode = 'new') =>
  h.call(caller, 'diagnoses.record', { visitId: visit.id, diagnosis, episode });

describe('diagnoses', () => {
  it('come from the coded list with their ICD-10 codes, searchable by any word order or synonym', async () => {
    const found = await h.ok<Diagnosis[]>(DOC, 'reference.searchDiagnoses', { query: 'malaria confirmed' });
    const confirmed = found.find((entry) => entry.code === 'malaria-confirmed');
    expect(confirmed?.icd10).toContain('B50.9');
    expect((await h.ok<Diagnosis[]>(DOC, 'reference.searchDiagnoses', { query: 'URTI' })).length).toBeGreaterThan(0);

    await clockIn(h, DOC, doctorId);
    const recorded = await h.ok<DiagnosisView>(DOC, 'diagnoses.record', {
      visitId: visit.id,
      diagnosis: { kind: 'coded', code: 'malaria-confirmed' },
      episode: 'new',
    });
    expect(recorded).toMatchObject({
      code: 'malaria-confirmed',
      label: confirmed?.label,
      icd10: confirmed?.icd10,
      sensitivity: 'none',
      status: 'active',
    });
  });

  it('need an active shift', async () => {
    expect(await record(DOC, { kind: 'coded', code: 'malaria-confirmed' })).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
  });

  it('refuse a code that is not in the list, and accept free text with a chosen category', async () => {
    expect(await record(ADMIN, { kind: 'coded', code: 'no-such-thing' })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'diagnosis.code' }],
    });
    expect(
      await record(ADMIN, { kind: 'free_text', text: 'Rare tropical rash', sensitivity: 'none' }, 'repeat'),
    ).toMatchObject({
      ok: true,
      value: { code: null, label: 'Rare tropical rash', icd10: [], episode: 'repeat' },
    });
  });

  it('take the sensitivity of the listed diagnosis, hiding it from users without the permission', async () => {
    const hiv = (await h.ok<Diagnosis[]>(ADMIN, 'reference.searchDiagnoses', { query: 'HIV' })).find(
      (entry) => entry.sensitivity === 'hiv',
    );
    expect(hiv).toBeDefined();
    await h.ok(ADMIN, 'diagnoses.record', {
      visitId: visit.id,
      diagnosis: { kind: 'coded', code: hiv?.code },
      episode: 'new',
    });
    await h.ok(ADMIN, 'diagnoses.record', {
      visitId: visit.id,
      diagnosis: { kind: 'coded', code: 'malaria-confirmed' },
      episode: 'new',
    });
    const seenByDoctor = await h.ok<DiagnosisView[]>(DOC, 'diagnoses.forVisit', { visitId: visit.id });
    expect(seenByDoctor.map((entry) => entry.code)).toEqual(['malaria-confirmed']);
    expect(
      (await h.ok<DiagnosisView[]>(ADMIN, 'diagnoses.forVisit', { visitId: visit.id })).map(
        (entry) => entry.sensitivity,
      ),
    ).toEqual(['hiv', 'none']);
  });

  it('refuse to amend a diagnosis the caller may not see, as if it did not exist', async () => {
    const hiv = (await h.ok<Diagnosis[]>(ADMIN, 'reference.searchDiagnoses', { query: 'HIV' })).find(
      (entry) => entry.sensitivity === 'hiv',
    );
    const hidden = await h.ok<DiagnosisView>(ADMIN, 'diagnoses.record', {
      visitId: visit.id,
      diagnosis: { kind: 'coded', code: hiv?.code },
      episode: 'new',
    });
    await clockIn(h, DOC, doctorId);
    const amendHidden = { diagnosisId: hidden.id, correction: null, reason: 'Wrong patient' };
    const amendMissing = { ...amendHidden, diagnosisId: '01900000-0000-7000-8000-000000000000' };
    const refusal = await h.call(DOC, 'diagnoses.amend', amendHidden);
    expect(refusal).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await h.call(DOC, 'diagnoses.amend', amendMissing)).toEqual(refusal);
    expect(await h.ok<DiagnosisView[]>(ADMIN, 'diagnoses.forVisit', { visitId: visit.id })).toHaveLength(1);
  });

  it('refuse to amend a version that was already corrected, so history stays one line', async () => {
    const first = await h.ok<DiagnosisView>(ADMIN, 'diagnoses.record', {
      visitId: visit.id,
      diagnosis: { kind: 'coded', code: 'malaria-confirmed' },
      episode: 'new',
    });
    await h.ok(ADMIN, 'diagnoses.amend', { diagnosisId: first.id, correction: null, reason: 'Wrong patient' });
    expect(
      await h.call(ADMIN, 'diagnoses.amend', { diagnosisId: first.id, correction: null, reason: 'Again' }),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(await h.ok<DiagnosisView[]>(ADMIN, 'diagnoses.forVisit', { visitId: visit.id })).toHaveLength(2);
  });

  it('are corrected or retracted by superseding rows; the original stays', async () => {
    const first = await h.ok<DiagnosisView>(ADMIN, 'diagnoses.record', {
      visitId: visit.id,
      diagnosis: { kind: 'coded', code: 'malaria-confirmed' },
      episode: 'new',
    });
    const corrected = await h.ok<DiagnosisView>(ADMIN, 'diagnoses.amend', {
      diagnosisId: first.id,
      correction: { diagnosis: { kind: 'coded', code: 'malaria-suspected' }, episode: 'new' },
      reason: 'RDT was negative',
    });
    const retracted = await h.ok<DiagnosisView>(ADMIN, 'diagnoses.amend', {
      diagnosisId: corrected.id,
      correction: null,
      reason: 'Entered on the wrong patient',
    });
    expect(retracted).toMatchObject({ status: 'retracted', supersedesId: corrected.id, code: 'malaria-suspected' });
    const all = await h.ok<DiagnosisView[]>(ADMIN, 'diagnoses.forVisit', { visitId: visit.id });
    expect(all.map((entry) => [entry.code, entry.status, entry.supersededBy])).toEqual([
      ['malaria-confirmed', 'active', corrected.id],
      ['malaria-suspected', 'active', retracted.id],
      ['malaria-suspected', 'retracted', null],
    ]);
    expect(() => h.core.store.db.prepare("UPDATE diagnoses SET label = 'x'").run()).toThrow(/append-only/);
  });
});
