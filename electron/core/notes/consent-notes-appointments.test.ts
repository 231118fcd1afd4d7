import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppointmentView } from '../../../shared/api/appointments';
import type { ConsentState } from '../../../shared/api/consent';
import type { NoteView } from '../../../shared/api/notes';
import type { PatientView } from '../../../shared/api/patients';
import type { VisitView } from '../../../shared/api/visits';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, clockIn, registerPatient, signInAs } from '../visits/clinical-test-support';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
let patient: PatientView;
const DAY = 24 * 60 * 60_000;

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
  patient = await registerPatient(h);
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

describe('consent', () => {
  const record = (kind: string, decision: string) =>
    h.call(ADMIN, 'consent.record', {
      patientId: patient.id,
      kind,
      purpose: 'Outpatient care and records',
      noticeVersion: '2026-1',
      decision,
    });

  it('shows the current decision of each kind and keeps the history, including a withdrawal', async () => {
    expect(await h.ok(ADMIN, 'consent.forPatient', { patientId: patient.id })).toEqual({
      care: null,
      dataProcessing: null,
      history: [],
    });
    await record('care', 'given');
    await record('data_processing', 'given');
    h.advance(60_000);
    const state = await h.ok<ConsentState>(ADMIN, 'consent.record', {
      patientId: patient.id,
      kind: 'data_processing',
      purpose: 'Outpatient care and records',
      noticeVersion: '2026-1',
      decision: 'withdrawn',
    });
    expect(state.care).toMatchObject({ decision: 'given', recordedByName: 'Amina Wanjiru' });
    expect(state.dataProcessing).toMatchObject({ decision: 'withdrawn' });
    expect(state.history).toHaveLength(3);
  });

  it('cannot withdraw what was never given', async () => {
    expect(await record('care', 'withdrawn')).toMatchObject({ code: 'CONFLICT' });
    await record('care', 'declined');
    expect(await record('care', 'withdrawn')).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('clinical notes', () => {
  let visit: VisitView;
  beforeEach(async () => {
    visit = await h.ok<VisitView>(ADMIN, 'visits.checkIn', { patientId: patient.id });
  });

  it('are written by section, need an active shift for a clinician, and are amended without losing the original', async () => {
    const clinicianId = await signInAs(h, 'doc', 'dr.kamau', ['clinician']);
    const note = { complaint: 'Fever for 3 days', examination: 'Temp 38.6', plan: 'RDT, antipyretic' };
    expect(await h.call('doc', 'notes.write', { visitId: visit.id, note })).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
    await clockIn(h, 'doc', clinicianId);
    const written = await h.ok<NoteView>('doc', 'notes.write', { visitId: visit.id, note });
    expect(written).toMatchObject({
      complaint: 'Fever for 3 days',
      history: null,
      writtenByName: 'dr.kamau',
      sensitivity: 'none',
    });

    const amended = await h.ok<NoteView>('doc', 'notes.amend', {
      noteId: written.id,
      note: { ...note, plan: 'RDT positive: AL' },
      reason: 'Result came back',
    });
    const notes = await h.ok<NoteView[]>('doc', 'notes.forVisit', { visitId: visit.id });
    expect(notes.map((entry) => [entry.plan, entry.supersededBy])).toEqual([
      ['RDT, antipyretic', amended.id],
      ['RDT positive: AL', null],
    ]);
    expect(() => h.core.store.db.prepare('DELETE FROM clinical_notes').run()).toThrow(/append-only/);
    expect(
      await h.call('doc', 'notes.amend', { noteId: written.id, note, reason: 'Amending the old version' }),
    ).toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses an empty note', async () => {
    expect(await h.call(ADMIN, 'notes.write', { visitId: visit.id, note: { complaint: '  ' } })).toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('hide a sensitive note from users without the permission', async () => {
    await h.ok(ADMIN, 'notes.write', {
      visitId: visit.id,
      note: { history: 'Known on ART since 2019', sensitivity: 'hiv' },
    });
    await h.ok(ADMIN, 'notes.write', { visitId: visit.id, note: { complaint: 'Cough' } });
    await signInAs(h, 'nurse', 'wanjiku.nurse', ['nurse']);
    const seen = await h.ok<NoteView[]>('nurse', 'notes.forVisit', { visitId: visit.id });
    expect(seen.map((entry) => entry.complaint ?? entry.history)).toEqual(['Cough']);
    expect((await h.ok<NoteView[]>(ADMIN, 'notes.forVisit', { visitId: visit.id })).length).toBe(2);
  });
});

describe('appointments', () => {
  it('are scheduled, listed for their day, marked attended at check-in, and missed when the day passes', async () => {
    const tomorrow = new Date(h.now + DAY);
    const date = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    const other = await registerPatient(h, {
      ...{
        familyName: 'Otieno',
        givenName: 'Brian',
        sex: 'male',
        birth: { kind: 'estimated_age', years: 30 },
        residence: { county: 'Kilifi' },
        identifiers: [],
      },
    });
    const booked = await h.ok<AppointmentView>(ADMIN, 'appointments.schedule', {
      patientId: patient.id,
      date,
      reason: 'Review after malaria',
    });
    await h.ok(ADMIN, 'appointments.schedule', { patientId: other.id, date, reason: 'BP review' });
    expect(booked).toMatchObject({ status: 'scheduled', missed: false, patient: { givenName: 'Amina' } });
    expect(
      (await h.ok<AppointmentView[]>(ADMIN, 'appointments.dayList', { date })).map((a) => a.patient.givenName).sort(),
    ).toEqual(['Amina', 'Brian']);

    h.advance(DAY);
    await h.signInOwner(ADMIN);
    await h.ok(ADMIN, 'visits.checkIn', { patientId: patient.id });
    expect(
      (await h.ok<AppointmentView[]>(ADMIN, 'appointments.forPatient', { patientId: patient.id }))[0],
    ).toMatchObject({ status: 'attended' });

    h.advance(DAY);
    await h.signInOwner(ADMIN);
    expect((await h.ok<AppointmentView[]>(ADMIN, 'appointments.missed', {})).map((a) => a.patient.givenName)).toEqual([
      'Brian',
    ]);
  });

  it('refuses a date in the past and can be cancelled', async () => {
    expect(
      await h.call(ADMIN, 'appointments.schedule', { patientId: patient.id, date: '2020-01-01', reason: 'Old' }),
    ).toMatchObject({
      code: 'VALIDATION',
    });
    const booked = await h.ok<AppointmentView>(ADMIN, 'appointments.schedule', {
      patientId: patient.id,
      date: '2027-01-05',
      reason: 'Review',
    });
    expect(await h.ok(ADMIN, 'appointments.cancel', { appointmentId: booked.id })).toMatchObject({
      status: 'cancelled',
    });
    expect(await h.call(ADMIN, 'appointments.cancel', { appointmentId: booked.id })).toMatchObject({
      code: 'CONFLICT',
    });
  });
});
