import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllergyView } from '../../../shared/api/allergies';
import type { PatientView } from '../../../shared/api/patients';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, clockIn, registerPatient, signInAs } from '../visits/clinical-test-support';

let dir: ReturnType<typeof makeTempDir>;
let h: CoreHarness;
let patient: PatientView;

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

describe('allergies', () => {
  it('are recorded, listed active first, and kept when marked inactive', async () => {
    await h.ok(ADMIN, 'allergies.record', {
      patientId: patient.id,
      allergen: 'Penicillin',
      reaction: 'Rash',
      severity: 'moderate',
    });
    h.advance(1000);
    const [, sulfa] = await h.ok<AllergyView[]>(ADMIN, 'allergies.record', {
      patientId: patient.id,
      allergen: 'Sulfonamides',
      severity: 'severe',
    });
    const after = await h.ok<AllergyView[]>(ADMIN, 'allergies.deactivate', { allergyId: sulfa?.id });
    expect(after.map((allergy) => [allergy.allergen, allergy.active])).toEqual([
      ['Penicillin', true],
      ['Sulfonamides', false],
    ]);
    expect(await h.call(ADMIN, 'allergies.deactivate', { allergyId: sulfa?.id })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('are recorded by nurses and clinicians on shift, not by clerks or lab staff, and read by anyone who opens the chart', async () => {
    const nurseId = await signInAs(h, 'nurse', 'wanjiku.nurse', ['nurse']);
    const clinicianId = await signInAs(h, 'clinician', 'peter.co', ['clinician']);
    await signInAs(h, 'clerk', 'mary.clerk', ['registration_clerk']);
    await signInAs(h, 'lab', 'lab.tech', ['lab_technician']);
    const latex = { patientId: patient.id, allergen: 'Latex', severity: 'mild' };

    expect(await h.call('nurse', 'allergies.record', latex)).toMatchObject({ code: 'NO_ACTIVE_SHIFT' });
    await clockIn(h, 'nurse', nurseId);
    const recorded = await h.ok<AllergyView[]>('nurse', 'allergies.record', latex);
    expect(recorded.map((allergy) => allergy.allergen)).toEqual(['Latex']);
    await clockIn(h, 'clinician', clinicianId);
    await h.ok('clinician', 'allergies.deactivate', { allergyId: recorded[0]?.id });

    for (const caller of ['clerk', 'lab']) {
      expect(await h.call(caller, 'allergies.record', latex)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await h.ok<AllergyView[]>('lab', 'allergies.forPatient', { patientId: patient.id })).toMatchObject([
      { allergen: 'Latex', active: false },
    ]);
  });
});
