import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabOrderView, LabWorklistEntry } from '../../../shared/api/labs';
import type { PatientView } from '../../../shared/api/patients';
import type { PrescriptionView } from '../../../shared/api/prescriptions';
import type { QueueEntry, VisitView } from '../../../shared/api/visits';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, clockIn, PATIENT, registerPatient, signInAs } from '../visits/clinical-test-support';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
let patient: PatientView;
let visit: VisitView;
const AL = 'artemether-lumefantrine-20-120mg-tab';

beforeEach(async () => {
  dir = makeTempDir();
  h = await CoreHarness.open(dir.path);
  await h.setUpFacility();
  await h.signInOwner(ADMIN);
  patient = await registerPatient(h);
  visit = await h.ok<VisitView>(ADMIN, 'visits.checkIn', { patientId: patient.id });
});
afterEach(() => {
  h.core.close();
  dir.remove();
});

const prescribeAL = (caller = ADMIN) =>
  h.call(caller, 'prescriptions.create', {
    visitId: visit.id,
    drugCode: AL,
    dose: '4 tablets',
    route: 'oral',
    frequency: 'BD',
    durationDays: 3,
    quantity: 24,
  });

describe('prescriptions and dispensing', () => {
  it('prescribe from the formulary, dispense in part, then the rest', async () => {
    const prescribed = (await prescribeAL()) as { ok: true; value: PrescriptionView };
    expect(prescribed.value).toMatchObject({
      drugName: expect.stringMatching(/artemether/i),
      unit: 'tablet',
      dispensingState: 'pending',
      status: 'active',
    });
    const pharmacistId = await signInAs(h, 'pharm', 'pharm.one', ['pharmacist']);
    await clockIn(h, 'pharm', pharmacistId);
    const partial = await h.ok<PrescriptionView>('pharm', 'dispensing.dispense', {
      prescriptionId: prescribed.value.id,
      quantity: 12,
    });
    expect(partial).toMatchObject({ dispensedQuantity: 12, dispensingState: 'partial' });
    expect(
      await h.call('pharm', 'dispensing.dispense', { prescriptionId: prescribed.value.id, quantity: 13 }),
    ).toMatchObject({
      code: 'VALIDATION',
      message: /Only 12/,
    });
    expect(
      await h.ok('pharm', 'dispensing.dispense', { prescriptionId: prescribed.value.id, quantity: 12 }),
    ).toMatchObject({ dispensingState: 'complete' });
    expect(
      await h.call(ADMIN, 'prescriptions.cancel', { prescriptionId: prescribed.value.id, reason: 'Changed mind' }),
    ).toMatchObject({ code: 'CONFLICT' });
    expect(() => h.core.store.db.prepare('DELETE FROM dispensings').run()).toThrow(/append-only/);
  });

  it('record a stock-out, and refuse a drug outside the formulary or by a wrong route', async () => {
    const prescribed = (await prescribeAL()) as { ok: true; value: PrescriptionView };
    expect(
      await h.ok(ADMIN, 'dispensing.stockOut', { prescriptionId: prescribed.value.id, note: 'AL out until Friday' }),
    ).toMatchObject({
      dispensingState: 'stock_out',
      dispensings: [{ outcome: 'stock_out', note: 'AL out until Friday' }],
    });
    expect(
      await h.call(ADMIN, 'prescriptions.create', {
        visitId: visit.id,
        drugCode: 'snake-oil',
        dose: '1',
        route: 'oral',
        frequency: 'OD',
        durationDays: 1,
        quantity: 1,
      }),
    ).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'drugCode' }],
    });
    expect(
      await h.call(ADMIN, 'prescriptions.create', {
        visitId: visit.id,
        drugCode: AL,
        dose: '1',
        route: 'intravenous',
        frequency: 'OD',
        durationDays: 1,
        quantity: 1,
      }),
    ).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'route' }],
    });
  });

  it('need an active shift for a clinician, and cancelling keeps the record', async () => {
    const doctorId = await signInAs(h, 'doc', 'dr.kamau', ['clinician']);
    expect(await prescribeAL('doc')).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
    await clockIn(h, 'doc', doctorId);
    const prescribed = (await prescribeAL('doc')) as { ok: true; value: PrescriptionView };
    expect(
      await h.ok('doc', 'prescriptions.cancel', { prescriptionId: prescribed.value.id, reason: 'Patient allergic' }),
    ).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Patient allergic',
    });
    expect(await h.ok<PrescriptionView[]>('doc', 'prescriptions.forVisit', { visitId: visit.id })).toHaveLength(1);
  });

  it('hide antiretrovirals from users without the HIV permission', async () => {
    const tld = h.core.services.reference.drugs.find((drug) => drug.sensitivity === 'hiv');
    await h.ok(ADMIN, 'prescriptions.create', {
      visitId: visit.id,
      drugCode: tld?.code,
      dose: '1 tablet',
      route: 'oral',
      frequency: 'OD',
      durationDays: 30,
      quantity: 30,
    });
    await prescribeAL();
    await signInAs(h, 'pharm', 'pharm.one', ['pharmacist']);
    expect(
      (await h.ok<PrescriptionView[]>('pharm', 'prescriptions.forVisit', { visitId: visit.id })).map((p) => p.drugCode),
    ).toEqual([AL]);
  });
});

describe('the pharmacy finishing a visit', () => {
  const pharmacyQueue = (caller: string) => h.ok<QueueEntry[]>(caller, 'visits.queue', {});

  it('closes the visit as discharged once everything is dispensed or out of stock, and it leaves the queue', async () => {
    const al = ((await prescribeAL()) as { ok: true; value: PrescriptionView }).value;
    const paracetamol = h.core.services.reference.drugs.find((drug) => /paracetamol/i.test(drug.name));
    const second = await h.ok<PrescriptionView>(ADMIN, 'prescriptions.create', {
      visitId: visit.id,
      drugCode: paracetamol?.code,
      dose: '2 tablets',
      route: 'oral',
      frequency: 'TDS',
      durationDays: 3,
      quantity: 18,
    });
    await h.ok(ADMIN, 'visits.moveStage', { visitId: visit.id, stage: 'pharmacy' });
    const pharmacistId = await signInAs(h, 'pharm', 'pharm.one', ['pharmacist']);
    expect(await h.call('pharm', 'dispensing.complete', { visitId: visit.id })).toMatchObject({
      code: 'NO_ACTIVE_SHIFT',
    });
    await clockIn(h, 'pharm', pharmacistId);
    expect((await pharmacyQueue('pharm')).map((entry) => entry.id)).toEqual([visit.id]);

    await h.ok('pharm', 'dispensing.dispense', { prescriptionId: al.id, quantity: 12 });
    const early = await h.call('pharm', 'dispensing.complete', { visitId: visit.id });
    expect(early).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('12 of 24 tablets') });
    expect(early).toMatchObject({ message: expect.stringContaining(second.drugName) });

    await h.ok('pharm', 'dispensing.dispense', { prescriptionId: al.id, quantity: 12 });
    await h.ok('pharm', 'dispensing.stockOut', { prescriptionId: second.id, note: 'Buy at the chemist' });
    const closed = await h.ok<VisitView>('pharm', 'dispensing.complete', { visitId: visit.id });
    expect(closed).toMatchObject({ stage: 'done', outcome: 'discharged', closedAt: expect.any(String) });
    expect(await pharmacyQueue('pharm')).toEqual([]);
    expect(await h.call('pharm', 'dispensing.complete', { visitId: visit.id })).toMatchObject({ code: 'CONFLICT' });
    expect(
      h.core.store.db
        .prepare(
          "SELECT action, resource_type, resource_id FROM audit_log WHERE command = 'dispensing.complete' AND outcome = 'allowed'",
        )
        .all(),
    ).toEqual([{ action: 'UPDATE', resource_type: 'encounter', resource_id: visit.id }]);
  });

  it('is refused away from the pharmacy stage and to roles that do not dispense', async () => {
    expect(await h.call(ADMIN, 'dispensing.complete', { visitId: visit.id })).toMatchObject({
      code: 'CONFLICT',
      message: 'This patient is not waiting at the pharmacy; the visit stays open.',
    });
    const nurseId = await signInAs(h, 'nurse', 'nurse.one', ['nurse']);
    await clockIn(h, 'nurse', nurseId);
    await h.ok(ADMIN, 'visits.moveStage', { visitId: visit.id, stage: 'pharmacy' });
    expect(await h.call('nurse', 'dispensing.complete', { visitId: visit.id })).toMatchObject({ code: 'FORBIDDEN' });
    // Nothing prescribed: the pharmacy may still let the patient go.
    expect(await h.ok(ADMIN, 'dispensing.complete', { visitId: visit.id })).toMatchObject({ outcome: 'discharged' });
  });
});

describe('who recorded what', () => {
  it('is named on vitals, diagnoses, notes, prescriptions, dispensings, orders and results', async () => {
    const doctorId = await signInAs(h, 'doc', 'dr.kamau', ['clinician']);
    await clockIn(h, 'doc', doctorId);
    await h.ok('doc', 'vitals.record', { visitId: visit.id, values: { temperatureC: 38.2 } });
    await h.ok('doc', 'diagnoses.record', {
      visitId: visit.id,
      diagnosis: { kind: 'coded', code: 'malaria-confirmed' },
      episode: 'new',
    });
    await h.ok('doc', 'notes.write', { visitId: visit.id, note: { complaint: 'Fever' } });
    const al = ((await prescribeAL('doc')) as { ok: true; value: PrescriptionView }).value;
    const [rdt] = await h.ok<LabOrderView[]>('doc', 'labs.order', { visitId: visit.id, testCodes: ['malaria-rdt'] });
    await h.ok(ADMIN, 'labs.enterResult', { orderId: rdt?.id, value: 'Positive' });
    await h.ok(ADMIN, 'dispensing.dispense', { prescriptionId: al.id, quantity: 24 });

    const read = <T>(name: string) => h.ok<T[]>(ADMIN, name, { visitId: visit.id });
    expect((await read<{ recordedByName: string }>('vitals.forVisit'))[0]?.recordedByName).toBe('dr.kamau');
    expect((await read<{ recordedByName: string }>('diagnoses.forVisit'))[0]?.recordedByName).toBe('dr.kamau');
    expect((await read<{ writtenByName: string }>('notes.forVisit'))[0]?.writtenByName).toBe('dr.kamau');
    const [prescription] = await read<PrescriptionView>('prescriptions.forVisit');
    expect(prescription?.prescribedByName).toBe('dr.kamau');
    expect(prescription?.dispensings[0]?.byName).toBe('Amina Wanjiru');
    const [order] = await read<LabOrderView>('labs.forVisit');
    expect(order).toMatchObject({ orderedByName: 'dr.kamau', result: { resultedByName: 'Amina Wanjiru' } });
  });
});

describe('lab orders and results', () => {
  it('order, collect, result with flags; amendments keep the first result', async () => {
    const [rdt, hb] = await h.ok<LabOrderView[]>(ADMIN, 'labs.order', {
      visitId: visit.id,
      testCodes: ['malaria-rdt', 'haemoglobin'],
    });
    expect(rdt).toMatchObject({ status: 'ordered', testName: expect.any(String), result: null });
    expect((await h.ok<LabWorklistEntry[]>(ADMIN, 'labs.worklist', {})).map((entry) => entry.patient.id)).toEqual([
      patient.id,
      patient.id,
    ]);

    await h.ok(ADMIN, 'labs.collect', { orderId: rdt?.id });
    const positive = await h.ok<LabOrderView>(ADMIN, 'labs.enterResult', { orderId: rdt?.id, value: 'Positive' });
    expect(positive).toMatchObject({ status: 'resulted', result: { value: 'Positive', flag: 'abnormal' } });

    const anaemic = await h.ok<LabOrderView>(ADMIN, 'labs.enterResult', { orderId: hb?.id, value: 8.1 });
    expect(anaemic.result).toMatchObject({
      value: 8.1,
      unit: 'g/dL',
      flag: 'low',
      referenceText: expect.stringMatching(/\d/),
    });

    const amended = await h.ok<LabOrderView>(ADMIN, 'labs.amendResult', {
      orderId: hb?.id,
      value: 12.8,
      reason: 'Sample re-run',
    });
    expect(amended.result).toMatchObject({
      value: 12.8,
      flag: 'normal',
      supersedesId: anaemic.result?.id,
      amendmentReason: 'Sample re-run',
    });
    expect(amended.history.map((result) => result.value)).toEqual([8.1, 12.8]);
    expect(await h.ok<LabOrderView[]>(ADMIN, 'labs.worklist', {})).toEqual([]);
  });

  it('refuse a value of the wrong kind or not among the options', async () => {
    const [rdt, hb] = await h.ok<LabOrderView[]>(ADMIN, 'labs.order', {
      visitId: visit.id,
      testCodes: ['malaria-rdt', 'haemoglobin'],
    });
    expect(await h.call(ADMIN, 'labs.enterResult', { orderId: rdt?.id, value: 'Maybe' })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await h.call(ADMIN, 'labs.enterResult', { orderId: hb?.id, value: 'high' })).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await h.call(ADMIN, 'labs.order', { visitId: visit.id, testCodes: ['crystal-ball'] })).toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('hide HIV tests from users without the permission', async () => {
    await h.ok(ADMIN, 'labs.order', { visitId: visit.id, testCodes: ['hiv-rapid-screening', 'malaria-rdt'] });
    await signInAs(h, 'lab', 'lab.tech', ['lab_technician']);
    expect((await h.ok<LabOrderView[]>('lab', 'labs.worklist', {})).map((order) => order.testCode)).toEqual([
      'malaria-rdt',
    ]);
  });

  it('are cancelled with a reason by the clinician or the lab, not by others, and leave the worklist', async () => {
    const [rdt, hb] = await h.ok<LabOrderView[]>(ADMIN, 'labs.order', {
      visitId: visit.id,
      testCodes: ['malaria-rdt', 'haemoglobin'],
    });
    const labId = await signInAs(h, 'lab', 'lab.tech', ['lab_technician']);
    await signInAs(h, 'nurse', 'nurse.one', ['nurse']);
    expect(await h.call('lab', 'labs.cancel', { orderId: rdt?.id, reason: 'Sample haemolysed' })).toMatchObject({
      code: 'NO_ACTIVE_SHIFT',
    });
    await clockIn(h, 'lab', labId);
    expect(await h.call('lab', 'labs.cancel', { orderId: rdt?.id, reason: 'no' })).toMatchObject({
      code: 'VALIDATION',
      issues: [{ path: 'reason' }],
    });
    expect(await h.call('nurse', 'labs.cancel', { orderId: rdt?.id, reason: 'Patient went home' })).toMatchObject({
      code: 'FORBIDDEN',
    });
    const cancelled = await h.ok<LabOrderView>('lab', 'labs.cancel', {
      orderId: rdt?.id,
      reason: 'Patient left before the sample',
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Patient left before the sample' });
    expect(await h.call('lab', 'labs.cancel', { orderId: rdt?.id, reason: 'Again, twice' })).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await h.call('lab', 'labs.collect', { orderId: rdt?.id })).toMatchObject({ code: 'CONFLICT' });
    expect(await h.call('lab', 'labs.enterResult', { orderId: rdt?.id, value: 'Positive' })).toMatchObject({
      code: 'CONFLICT',
    });
    expect((await h.ok<LabWorklistEntry[]>('lab', 'labs.worklist', {})).map((entry) => entry.id)).toEqual([hb?.id]);

    await h.ok('lab', 'labs.enterResult', { orderId: hb?.id, value: 12.1 });
    expect(await h.call('lab', 'labs.cancel', { orderId: hb?.id, reason: 'Ordered in error' })).toMatchObject({
      code: 'CONFLICT',
    });
    const audited = h.core.store.db
      .prepare(
        "SELECT action, resource_type, resource_id, patient_id FROM audit_log WHERE command = 'labs.cancel' AND outcome = 'allowed'",
      )
      .all();
    expect(audited).toEqual([
      { action: 'UPDATE', resource_type: 'lab_order', resource_id: rdt?.id, patient_id: patient.id },
    ]);
  });

  it('list open orders across patients on the worklist, oldest first, without patients hidden from the lab', async () => {
    const other = await h.ok<PatientView>(ADMIN, 'patients.register', {
      ...PATIENT,
      familyName: 'Otieno',
      givenName: 'Baraka',
      phone: '0799111222',
      confirmedNotDuplicate: true,
    });
    const hidden = await h.ok<PatientView>(ADMIN, 'patients.register', {
      ...PATIENT,
      familyName: 'Achieng',
      givenName: 'Rose',
      phone: '0711222333',
      sensitivity: 'hiv',
      confirmedNotDuplicate: true,
    });
    const otherVisit = await h.ok<VisitView>(ADMIN, 'visits.checkIn', { patientId: other.id });
    const hiddenVisit = await h.ok<VisitView>(ADMIN, 'visits.checkIn', { patientId: hidden.id });
    await h.ok(ADMIN, 'labs.order', { visitId: visit.id, testCodes: ['malaria-rdt'] });
    h.advance(60_000);
    const [collected] = await h.ok<LabOrderView[]>(ADMIN, 'labs.order', {
      visitId: otherVisit.id,
      testCodes: ['haemoglobin'],
    });
    await h.ok(ADMIN, 'labs.collect', { orderId: collected?.id });
    // An ordinary test, but for a patient registered under HIV care.
    await h.ok(ADMIN, 'labs.order', { visitId: hiddenVisit.id, testCodes: ['malaria-rdt'] });
    await h.ok(ADMIN, 'visits.close', { visitId: otherVisit.id, outcome: 'discharged' });

    await signInAs(h, 'lab', 'lab.tech', ['lab_technician']);
    const worklist = await h.ok<LabWorklistEntry[]>('lab', 'labs.worklist', {});
    expect(worklist.map((entry) => [entry.patient.givenName, entry.testCode, entry.status, entry.visitClosed])).toEqual(
      [
        ['Amina', 'malaria-rdt', 'ordered', false],
        ['Baraka', 'haemoglobin', 'collected', true],
      ],
    );
    expect(worklist[0]?.patient).toMatchObject({ patientNumber: patient.patientNumber, sex: 'female' });
    expect(
      h.core.store.db
        .prepare(
          "SELECT record_count FROM audit_log WHERE command = 'labs.worklist' AND user_id IS NOT NULL ORDER BY seq DESC",
        )
        .pluck()
        .get(),
    ).toBe(2);
    expect((await h.ok<LabWorklistEntry[]>(ADMIN, 'labs.worklist', {})).length).toBe(3);
  });
});
