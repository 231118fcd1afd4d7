import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllergyView } from '../../../shared/api/allergies';
import type { PatientView } from '../../../shared/api/patients';
import { CoreHarness } from '../identity/testing';
import { makeTempDir } from '../testing/temp-dir';
import { ADMIN, registerPatient, signInAs } from '../visits/clinical-test-support';

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

  it('need permission to record, and read access to see', async () => {
    await signInAs(h, 'lab', 'lab.tech', ['lab_technician']);
    expect(
      await h.call('lab', 'allergies.record', { patientId: patient.id, allergen: 'Latex', severity: 'mild' }),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await h.ok('lab', 'allergies.forPatient', { patientId: patient.id })).toEqual([]);
  });
});
