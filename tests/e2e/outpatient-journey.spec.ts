import type { Page } from '@playwright/test';
import type { PatientView } from '../../shared/api/patients';
import type { VisitView } from '../../shared/api/visits';
import {
  ADMIN,
  CLERK,
  CLINICIAN,
  LAB_TECH,
  NURSE,
  PHARMACIST,
  facilityWithOwner,
  ok,
  staffOnShift,
  type Staff,
} from './host/clinic-staff';
import { expect, test } from './host/fixtures';
import { OWNER, saveScreen, signIn } from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';

// The clinic's own time zone, so times read as a Kenyan facility sees them.
test.use({ timezoneId: 'Africa/Nairobi' });

const PATIENT = { givenName: 'Zawadi', familyName: 'Kahindi', name: 'Zawadi Kahindi', phone: '0723 456 789' } as const;
const RDT = 'Malaria rapid diagnostic test (RDT)';
const AL = 'Artemether/lumefantrine';

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

async function signInAs(page: Page, staff: Staff): Promise<void> {
  await signIn(page, staff.username, staff.password);
  await expect(mainNav(page)).toBeVisible();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

/** From the queue, the patient's visit at the screen for her stage. */
async function openFromQueue(page: Page): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await page.getByRole('table', { name: 'Queue' }).getByRole('link', { name: PATIENT.name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: PATIENT.name })).toBeVisible();
}

async function openChart(page: Page): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  await page.getByRole('combobox', { name: 'Search by name, phone, ID or patient number' }).fill('kahi zaw');
  await page.getByRole('option', { name: new RegExp(PATIENT.name) }).click();
  await expect(page.getByRole('heading', { level: 1, name: PATIENT.name })).toBeVisible();
}

/**
 * One patient through the whole outpatient day, each step by the role that
 * does it, signed in on the same workstation: registration and check-in
 * (clerk) → triage and an allergy (nurse) → consultation with a diagnosis, a
 * note, a prescription and a lab order (clinician) → the sample and result
 * from the lab worklist (lab technician) → dispensing in two parts and the
 * closed visit (pharmacist) → a follow-up appointment (clerk) → the chart of
 * the closed visit, naming who recorded what (clinician).
 */
test('one patient from registration to a closed visit and a follow-up, each step by its role', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  test.setTimeout(150_000);
  await facilityWithOwner(workstation);
  for (const [staff, role] of [
    [CLERK, 'registration_clerk'],
    [NURSE, 'nurse'],
    [CLINICIAN, 'clinician'],
    [LAB_TECH, 'lab_technician'],
    [PHARMACIST, 'pharmacist'],
  ] as const) {
    await staffOnShift(workstation, clock, staff, role);
  }
  await ok(workstation, ADMIN, 'auth.logout');
  await page.goto(rendererServer.url('/'));

  // 1. The clerk registers her, records her consent to care, and checks her in.
  await signInAs(page, CLERK);
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  await page.getByRole('link', { name: 'Register new patient' }).click();
  const form = page.getByRole('form', { name: 'Register a patient' });
  await form.getByLabel('First name').fill(PATIENT.givenName);
  await form.getByLabel('Surname').fill(PATIENT.familyName);
  await form.getByLabel('Sex').selectOption('female');
  await form.getByLabel('Date of birth', { exact: true }).fill('1994-02-17');
  await form.getByLabel('Phone (optional)').fill(PATIENT.phone);
  await form.getByLabel('County', { exact: true }).selectOption('Kilifi');
  await form.getByRole('button', { name: 'Register patient' }).click();
  await expect(page.getByRole('heading', { level: 1, name: PATIENT.name })).toBeVisible();
  const consent = page.getByRole('region', { name: 'Consent' });
  await consent.getByRole('button', { name: 'Record consent to care' }).click();
  const careForm = consent.getByRole('form', { name: 'Consent to care' });
  await careForm.getByLabel('Privacy notice version').fill('2026-1');
  await careForm.getByRole('button', { name: 'Save decision' }).click();
  await expect(consent.getByTestId('consent-care')).toHaveText('Given');
  const visits = page.getByRole('region', { name: 'Visits' });
  await visits.getByRole('button', { name: 'Check in for a visit' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Checked in at' })).toContainText('triage queue');
  await expect(visits.getByRole('button', { name: /Open — at Triage/ })).toBeVisible();
  await saveScreen(page, 'journey-1-registration');
  await signOut(page);

  // 2. The nurse records the allergy she reports, then her vital signs, and sends her to the clinician.
  await signInAs(page, NURSE);
  await openFromQueue(page);
  await page.getByRole('link', { name: 'Open chart' }).click();
  const allergies = page.getByRole('region', { name: 'Allergies' });
  await allergies.getByRole('button', { name: 'Record allergy' }).click();
  const allergyForm = allergies.getByRole('form', { name: 'Record allergy' });
  await allergyForm.getByLabel('Allergic to').fill('Sulfonamides');
  await allergyForm.getByLabel('Reaction (optional)').fill('Rash');
  await allergyForm.getByLabel('Severity').selectOption('severe');
  await allergyForm.getByRole('button', { name: 'Save allergy' }).click();
  await expect(page.getByTestId('allergy-strip')).toHaveText('Allergies: Sulfonamides (severe)');
  await page.getByRole('region', { name: 'Visits' }).getByRole('link', { name: 'Go to the visit' }).click();
  const vitals = page.getByRole('form', { name: /^Record (vitals|another reading)$/ });
  await vitals.getByLabel('Temperature').fill('38.7');
  await vitals.getByLabel('Pulse').fill('102');
  await vitals.getByLabel('Respiratory rate').fill('20');
  await vitals.getByLabel('Systolic').fill('118');
  await vitals.getByLabel('Diastolic').fill('76');
  await vitals.getByLabel('Weight').fill('58');
  await vitals.getByRole('button', { name: 'Save vitals' }).click();
  await expect(page.getByTestId('latest-reading')).toContainText('Fever');
  await expect(page.getByTestId('vitals-reading')).toContainText('by you');
  await saveScreen(page, 'journey-2-triage');
  await page.getByRole('button', { name: 'Send to clinician' }).click();
  await expect(page.getByRole('status').filter({ hasText: PATIENT.name })).toHaveText(
    `${PATIENT.name} is now waiting at clinician.`,
  );
  await signOut(page);

  // 3. The clinician: a diagnosis, a note, a prescription and a malaria test, then to the lab.
  clock.advance(15 * 60_000);
  await signInAs(page, CLINICIAN);
  await openFromQueue(page);
  await expect(page.getByTestId('allergies')).toHaveText('Allergies: Sulfonamides — severe, Rash');
  await expect(page.getByTestId('latest-reading')).toContainText('Fever');
  await expect(page.getByTestId('latest-reading')).toContainText(`by ${NURSE.displayName}`);
  const diagnoses = page.getByRole('region', { name: 'Diagnoses' });
  await diagnoses.getByRole('combobox', { name: /Search the diagnosis list/ }).fill('malaria conf');
  await page.getByRole('option', { name: /Confirmed malaria \(uncomplicated\)/ }).click();
  await diagnoses.getByRole('button', { name: 'Record diagnosis' }).click();
  await expect(diagnoses.getByRole('listitem', { name: 'Confirmed malaria (uncomplicated)' })).toContainText('B50.9');
  const notes = page.getByRole('region', { name: 'Clinical note' });
  await notes.getByLabel('Presenting complaint').fill('Fever and joint pains for 2 days.');
  await notes.getByLabel('Plan').fill('RDT; artemether/lumefantrine if positive. Review in 2 weeks.');
  await notes.getByRole('button', { name: /Save note/ }).click();
  await expect(notes.getByTestId('note')).toHaveCount(1);
  const prescriptions = page.getByRole('region', { name: 'Prescriptions' });
  await prescriptions.getByRole('combobox', { name: 'Medicine from the formulary' }).fill('artemether');
  await page.getByRole('option', { name: new RegExp(AL) }).click();
  await prescriptions.getByLabel('Dose').fill('4 tablets');
  await prescriptions.getByLabel('How often').selectOption('BD');
  await prescriptions.getByLabel('Days').fill('3');
  await prescriptions.getByRole('button', { name: 'Use 24 as the quantity' }).click();
  await prescriptions.getByRole('button', { name: 'Prescribe', exact: true }).click();
  await expect(prescriptions.getByRole('listitem', { name: AL })).toContainText('Not yet dispensed');
  const labs = page.getByRole('region', { name: 'Lab tests' });
  await labs.getByLabel('Find a test').fill('malaria rdt');
  await labs.getByLabel(RDT).check();
  await labs.getByRole('button', { name: 'Order test' }).click();
  await expect(labs.getByRole('listitem', { name: RDT })).toContainText('Waiting for sample');
  await saveScreen(page, 'journey-3-consultation');
  await page.getByRole('button', { name: 'Send to lab' }).click();
  await expect(page.getByRole('status').filter({ hasText: PATIENT.name })).toHaveText(
    `${PATIENT.name} is now waiting at laboratory.`,
  );
  await signOut(page);

  // 4. The lab technician works from the worklist: sample, result, then the patient goes to the pharmacy.
  await signInAs(page, LAB_TECH);
  await mainNav(page).getByRole('link', { name: 'Lab worklist' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lab worklist' })).toBeVisible();
  await expect(page.getByTestId('worklist-count')).toHaveText('1 test waiting, oldest first.');
  const work = page.getByRole('listitem', { name: `${RDT} for ${PATIENT.name}` });
  await expect(work).toContainText(`by ${CLINICIAN.displayName}`);
  await expect(page.getByRole('region', { name: 'Waiting for a sample' })).toContainText(PATIENT.name);
  await work.getByRole('button', { name: 'Sample collected' }).click();
  await expect(page.getByRole('region', { name: 'Sample in, waiting for a result' })).toContainText(PATIENT.name);
  await saveScreen(page, 'journey-4-lab-worklist');
  await work.getByLabel('Result', { exact: true }).selectOption('Positive');
  await work.getByRole('button', { name: 'Save result' }).click();
  await expect(page.getByRole('region', { name: 'Done since this list was read' })).toContainText('Result ready');
  await expect(work.locator('.flag')).toHaveText('▲ Abnormal');
  await work.getByRole('link', { name: `Open the lab visit screen of ${PATIENT.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: PATIENT.name })).toBeVisible();
  await page.getByRole('button', { name: 'Send to pharmacy' }).click();
  await expect(page.getByRole('status').filter({ hasText: PATIENT.name })).toHaveText(
    `${PATIENT.name} is now waiting at pharmacy.`,
  );
  await signOut(page);

  // 5. The pharmacist sees the allergy, hands out half now and the rest later, and closes the visit.
  await signInAs(page, PHARMACIST);
  await openFromQueue(page);
  await expect(page.getByTestId('allergies')).toContainText('Sulfonamides');
  const dispense = page.getByRole('listitem', { name: AL });
  await dispense.getByLabel(/^Quantity now/).fill('30');
  await dispense.getByRole('button', { name: 'Dispense' }).click();
  await expect(dispense.getByText('Enter a whole number from 1 to 24')).toBeVisible();
  await dispense.getByLabel(/^Quantity now/).fill('12');
  await dispense.getByRole('button', { name: 'Dispense' }).click();
  await expect(dispense).toContainText('Partly dispensed: 12 of 24 tablets');
  // Not done yet: core says what is left.
  await page.getByRole('button', { name: 'Dispensing done — close visit' }).click();
  await expect(page.getByTestId('refusal')).toContainText('Still to dispense: Artemether/lumefantrine (12 of 24');
  await dispense.getByRole('button', { name: 'Dispense' }).click();
  await expect(dispense.locator('.tag-ok')).toHaveText('Dispensed');
  await saveScreen(page, 'journey-5-pharmacy');
  await page.getByRole('button', { name: 'Dispensing done — close visit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: PATIENT.name })).toHaveText(
    `${PATIENT.name} is done at the pharmacy; the visit is closed.`,
  );
  await expect(page.getByTestId('queue-empty')).toBeVisible();
  await signOut(page);

  // 6. On her way out, the clerk books the follow-up the clinician asked for.
  await signInAs(page, CLERK);
  await openChart(page);
  const appointments = page.getByRole('region', { name: 'Appointments' });
  await appointments.getByRole('button', { name: 'Book follow-up' }).click();
  const booking = appointments.getByRole('form', { name: 'Book follow-up' });
  await booking.getByRole('button', { name: 'In 2 weeks' }).click();
  await booking.getByLabel('What for').fill('Malaria review');
  await booking.getByRole('button', { name: 'Book appointment' }).click();
  await expect(appointments.getByRole('list', { name: 'Upcoming appointments' })).toContainText('Malaria review');
  await expect(
    page.getByRole('region', { name: 'Visits' }).getByRole('button', { name: /Closed — Discharged/ }),
  ).toBeVisible();
  await saveScreen(page, 'journey-6-follow-up');
  await signOut(page);

  // 7. The chart of the closed visit: everything recorded, and by whom.
  await signInAs(page, CLINICIAN);
  await openChart(page);
  const chartVisits = page.getByRole('region', { name: 'Visits' });
  await chartVisits.getByRole('button', { name: /Closed — Discharged/ }).click();
  await expect(chartVisits).toContainText(NURSE.displayName);
  await expect(chartVisits).toContainText(`Confirmed malaria (uncomplicated) B50.9`);
  await expect(chartVisits).toContainText(`Ordered`);
  await expect(chartVisits).toContainText(`by ${LAB_TECH.displayName}`);
  await expect(chartVisits).toContainText(`prescribed by ${CLINICIAN.displayName}`);
  await expect(chartVisits).toContainText(`12 dispensed`);
  await expect(chartVisits).toContainText(`by ${PHARMACIST.displayName}`);
  await expect(chartVisits).toContainText('Fever and joint pains');
  await saveScreen(page, 'journey-7-closed-visit-chart');

  // Core holds what the screens showed.
  await ok(workstation, ADMIN, 'auth.login', { username: OWNER.username, password: OWNER.password });
  const [patient] = await ok<PatientView[]>(workstation, ADMIN, 'patients.search', { query: 'kahindi' });
  const [visit] = await ok<VisitView[]>(workstation, ADMIN, 'visits.forPatient', { patientId: patient?.id });
  expect(visit).toMatchObject({ stage: 'done', outcome: 'discharged', attendance: 'new' });
  const trail = workstation
    .core()
    .store.db.prepare(
      `SELECT DISTINCT u.username FROM audit_log a JOIN users u ON u.id = a.user_id
       WHERE a.patient_id = ? AND a.action IN ('CREATE', 'UPDATE') AND a.outcome = 'allowed' ORDER BY u.username`,
    )
    .pluck()
    .all(patient?.id);
  expect(trail).toEqual([CLERK, NURSE, CLINICIAN, LAB_TECH, PHARMACIST].map((staff) => staff.username).sort());
  await expectNoPageProblems(page, pageProblems);
});
