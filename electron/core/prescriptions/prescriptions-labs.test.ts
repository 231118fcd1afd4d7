import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabOrderView } from '../../../shared/api/labs';
import type { PatientView } from '../../../shared/api/patients';
import type { PrescriptionView } from '../../../shared/api/prescriptions';
import type { VisitView } from '../../../shared/api/visits';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, clockIn, registerPatient, signInAs } from '../visits/clinical-test-support';

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

describe('lab orders and results', () => {
  it('order, collect, result with flags; amendments keep the first result', async () => {
    const [rdt, hb] = await h.ok<LabOrderView[]>(ADMIN, 'labs.order', {
      visitId: visit.id,
      testCodes: ['malaria-rdt', 'haemoglobin'],
    });
    expect(rdt).toMatchObject({ status: 'ordered', testName: expect.any(String), result: null });
    expect((await h.ok<LabOrderView[]>(ADMIN, 'labs.worklist', {})).length).toBe(2);

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
});
