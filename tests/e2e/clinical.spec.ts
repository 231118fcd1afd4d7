import type { Locator, Page } from '@playwright/test';
import type { PatientView } from '../../shared/api/patients';
import type { VisitView } from '../../shared/api/visits';
import {
  ADMIN,
  CLINICIAN,
  NURSE,
  clockInThroughCore,
  createStaff,
  facilityWithOwner,
  ok,
  registerThroughCore as register,
  scheduleShift,
} from './host/clinic-staff';
import { expect, test } from './host/fixtures';
import { OWNER, saveScreen, signIn } from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';
import type { TestClock, TestWorkstation } from './host/test-workstation';

// The clinic's own time zone, so times read as a Kenyan facility sees them.
test.use({ timezoneId: 'Africa/Nairobi' });

/** What the dispatcher says to staff who are not clocked in (electron/core/access/policy.ts). */
const NOT_CLOCKED_IN = 'You are not clocked in to a scheduled shift.';
const REFERRAL = 'Kilifi County Hospital';

const checkIn = (workstation: TestWorkstation, patient: PatientView) =>
  ok<VisitView>(workstation, ADMIN, 'visits.checkIn', { patientId: patient.id });

interface Facility {
  amina: PatientView;
  nurseId: string;
  clinicianId: string;
}

/**
 * A facility morning, set up through core as the owner: a nurse (shift
 * scheduled, not clocked in), a clinician (clocked in), and three patients
 * checked in — Amina and Baraka waiting for triage, Grace (back this year)
 * already at the lab.
 */
async function facilityMorning(workstation: TestWorkstation, clock: TestClock): Promise<Facility> {
  await facilityWithOwner(workstation);
  const nurseId = await createStaff(workstation, NURSE, ['nurse']);
  const clinicianId = await createStaff(workstation, CLINICIAN, ['clinician']);
  await scheduleShift(workstation, clock, nurseId);
  await scheduleShift(workstation, clock, clinicianId);
  await clockInThroughCore(workstation, CLINICIAN);

  const grace = await register(workstation, {
    familyName: 'Mwende',
    givenName: 'Grace',
    sex: 'female',
    birth: { kind: 'estimated_age', years: 27 },
  });
  const earlier = await checkIn(workstation, grace);
  await ok(workstation, ADMIN, 'visits.close', { visitId: earlier.id, outcome: 'discharged' });
  const amina = await register(workstation, {
    familyName: 'Wanjiru',
    givenName: 'Amina',
    sex: 'female',
    birth: { kind: 'date', date: '1990-04-12' },
    phone: '0712 345 678',
  });
  const baraka = await register(workstation, {
    familyName: 'Otieno',
    givenName: 'Baraka',
    sex: 'male',
    birth: { kind: 'estimated_age', years: 4 },
  });
  const graceAgain = await checkIn(workstation, grace);
  await ok(workstation, ADMIN, 'visits.moveStage', { visitId: graceAgain.id, stage: 'lab' });
  await checkIn(workstation, amina);
  await checkIn(workstation, baraka);
  await ok(workstation, ADMIN, 'auth.logout');
  return { amina, nurseId, clinicianId };
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

function vitalsForm(page: Page): Locator {
  return page.getByRole('form', { name: /^Record (vitals|another reading)$/ });
}

async function openQueue(page: Page): Promise<void> {
  await mainNav(page).getByRole('link', { name: 'Queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
}

test('triage by a nurse, refused until she clocks in, then a consultation that ends in a referral', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  test.setTimeout(60_000);
  const { amina } = await facilityMorning(workstation, clock);
  const aminaName = `${amina.givenName} ${amina.familyName}`;

  // (a) Triage. The nurse's queue is her stage, triage: Amina and Baraka, not Grace at the lab.
  await page.goto(rendererServer.url('/'));
  await signIn(page, NURSE.username, NURSE.password);
  await openQueue(page);
  await expect(page.getByRole('tab', { name: 'Your queue' })).toHaveAttribute('aria-selected', 'true');
  const queue = page.getByRole('table', { name: 'Queue' });
  await expect(queue.getByRole('row')).toHaveCount(3);
  await expect(queue).toContainText('Baraka Otieno');
  await expect(queue).not.toContainText('Grace Mwende');
  await queue.getByRole('link', { name: aminaName, exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: aminaName })).toBeVisible();
  const form = vitalsForm(page);
  await expect(form.getByLabel('Temperature')).toBeFocused();
  await form.getByLabel('Temperature').fill('38.6');
  await form.getByLabel('Pulse').fill('96');
  await form.getByLabel('Respiratory rate').fill('18');
  await form.getByLabel('Systolic').fill('150');
  await form.getByLabel('Diastolic').fill('95');
  await form.getByLabel('SpO₂').fill('97');
  await form.getByLabel('Weight').fill('64');
  await form.getByLabel('Height').fill('160');
  await expect(form.getByTestId('live-bmi')).toHaveText('25.0');

  // Not clocked in: core refuses, says why in plain words, and nothing typed is lost.
  await form.getByRole('button', { name: 'Save vitals' }).click();
  const refusal = form.getByTestId('refusal');
  await expect(refusal).toContainText(NOT_CLOCKED_IN);
  await expect(refusal).toBeFocused();
  await expect(form.getByLabel('Temperature')).toHaveValue('38.6');
  await expect(page.getByTestId('shift-chip')).toHaveText('Not clocked in: shift open');
  await saveScreen(page, 'blocked-vitals');

  // She clocks in from the refusal itself and saves again.
  await refusal.getByRole('button', { name: 'Clock in now' }).click();
  await expect(refusal).toContainText('You are clocked in now.');
  await expect(page.getByTestId('shift-chip')).toContainText('On shift until');
  await form.getByRole('button', { name: 'Save vitals' }).click();
  const latest = page.getByTestId('latest-reading');
  await expect(latest).toContainText('3 flags: Fever, High blood pressure, Overweight (BMI ≥ 25)');
  await expect(latest.locator('.flag-high', { hasText: 'Fever' })).toBeVisible();
  await expect(latest).toContainText('150/95 mmHg');
  await expect(latest).toContainText('25.0');
  await expect(form.getByLabel('Temperature')).toHaveValue('');
  await expect(page.getByTestId('vitals-reading')).toHaveCount(1);
  await saveScreen(page, 'triage');

  // An impossible value is refused on its field, before anything reaches core.
  const next = vitalsForm(page);
  await next.getByLabel('Temperature').fill('52');
  await next.getByLabel('Temperature').press('Tab');
  await expect(next.getByText('Temperature above 45 °C is not possible; check the reading')).toBeVisible();
  await expect(next.getByLabel('Temperature')).toHaveAttribute('aria-invalid', 'true');
  await next.getByRole('button', { name: 'Save vitals' }).click();
  await expect(next.getByLabel('Temperature')).toBeFocused();
  await expect(page.getByTestId('vitals-reading')).toHaveCount(1);
  await next.getByRole('button', { name: 'Clear' }).click();

  // A miscounted pulse is corrected: the original reading stays, struck through, with the reason.
  const first = page.getByTestId('vitals-reading').first();
  await first.getByRole('button', { name: /^Correct the/ }).click();
  const correcting = first.getByRole('form', { name: /^Correct the/ });
  await expect(correcting.getByLabel('Temperature')).toHaveValue('38.6');
  await correcting.getByLabel('Pulse').fill('88');
  await correcting.getByRole('button', { name: 'Save correction' }).click();
  await expect(correcting.getByText('Say why the reading is corrected')).toBeVisible();
  await correcting.getByLabel('Why is it corrected?').fill('Pulse counted over 15 s, not 30 s');
  await correcting.getByRole('button', { name: 'Save correction' }).click();
  await expect(page.getByTestId('vitals-reading')).toHaveCount(2);
  await expect(first).toContainText('Corrected');
  await expect(first.locator('del')).toContainText('Pulse 96 beats/min');
  await expect(page.getByTestId('vitals-reading').last()).toContainText('Pulse counted over 15 s, not 30 s');
  await expect(latest).toContainText('88 beats/min');
  await expect(latest).toContainText('Fever');
  await saveScreen(page, 'vitals-corrected');

  await page.getByRole('button', { name: 'Send to clinician' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: aminaName })).toHaveText(
    `${aminaName} is now waiting at clinician.`,
  );
  await expect(queue.getByRole('link', { name: aminaName, exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();

  // (b) The consultation, ten minutes later by core's clock.
  clock.advance(10 * 60_000);
  await signIn(page, CLINICIAN.username, CLINICIAN.password);
  await openQueue(page);
  // A clinician's own stages are triage and clinician; the lab has its own tab.
  await expect(queue.getByRole('row')).toHaveCount(3);
  const aminaRow = queue.getByRole('row', { name: new RegExp(aminaName) });
  await expect(aminaRow).toContainText('Clinician');
  await expect(aminaRow).toContainText('New attendance');
  await expect(aminaRow).toContainText(amina.patientNumber);
  await expect(aminaRow).toContainText('F, ');
  await page.getByRole('tab', { name: 'Laboratory' }).focus();
  await page.keyboard.press('Enter');
  await expect(queue).toContainText('Grace Mwende');
  await expect(queue.getByRole('row', { name: /Grace Mwende/ })).toContainText('Re-attendance');
  await page.getByRole('tab', { name: 'Your queue' }).click();
  await expect(queue).toContainText(aminaName);
  await saveScreen(page, 'queue');

  // Keyboard: ↓ and ↑ move between patients (longest wait first), Enter opens the screen for her stage.
  await queue.getByRole('link', { name: aminaName, exact: true }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(queue.getByRole('link', { name: 'Baraka Otieno', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(queue.getByRole('link', { name: aminaName, exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: aminaName })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Visit screens' }).getByRole('link', { name: 'Consultation' }),
  ).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('latest-reading')).toContainText('Fever');

  // A diagnosis found by typing part of its words, chosen from the list with its ICD-10 code.
  const diagnoses = page.getByRole('region', { name: 'Diagnoses' });
  const search = diagnoses.getByRole('combobox', { name: /Search the diagnosis list/ });
  await page.keyboard.press('Alt+D');
  await expect(search).toBeFocused();
  await search.fill('malaria conf');
  const confirmed = page.getByRole('option', { name: /Confirmed malaria \(uncomplicated\)/ });
  await expect(confirmed).toContainText('B50.9');
  await confirmed.click();
  await expect(diagnoses.getByTestId('chosen-diagnosis')).toContainText('Confirmed malaria (uncomplicated)');
  await diagnoses.getByRole('button', { name: 'Record diagnosis' }).click();
  const recorded = diagnoses.getByRole('listitem', { name: 'Confirmed malaria (uncomplicated)' });
  await expect(recorded).toContainText('B50.9');
  await expect(recorded).toContainText('New episode');

  // The clinical note, by section.
  const notes = page.getByRole('region', { name: 'Clinical note' });
  await page.keyboard.press('Alt+N');
  await expect(notes.getByLabel('Presenting complaint')).toBeFocused();
  await notes.getByLabel('Presenting complaint').fill('Fever, headache and vomiting for 3 days.');
  await notes.getByLabel('Examination').fill('Temp 38.6 °C, BP 150/95. Very weak, unable to sit unaided.');
  await notes.getByLabel('Plan').fill('RDT positive. Severe malaria: pre-referral artesunate, refer.');
  await notes.getByLabel('Plan').press('Control+Enter');
  await expect(notes.getByTestId('note')).toHaveCount(1);
  await expect(notes.getByTestId('note')).toContainText('RDT positive');
  await expect(notes.getByLabel('Plan')).toHaveValue('');

  // Correcting the diagnosis keeps the original, struck through, with the reason.
  await recorded.getByRole('button', { name: 'Correct Confirmed malaria (uncomplicated)' }).click();
  const correction = recorded.getByRole('form', { name: 'Correct Confirmed malaria (uncomplicated)' });
  await correction.getByRole('combobox', { name: /Search the diagnosis list/ }).fill('severe malaria');
  await page
    .getByRole('option', { name: /^Severe malaria/ })
    .first()
    .click();
  await correction.getByLabel('Why is it corrected?').fill('Prostration: this is severe malaria.');
  await correction.getByRole('button', { name: 'Save correction' }).click();
  await expect(recorded).toHaveAccessibleName('Confirmed malaria (uncomplicated), corrected');
  await expect(recorded.locator('del')).toHaveText('Confirmed malaria (uncomplicated)');
  const corrected = diagnoses.getByTestId('diagnosis').last();
  await expect(corrected).toContainText(/Severe malaria/);
  await expect(corrected).toContainText(
    'Corrects “Confirmed malaria (uncomplicated)”: Prostration: this is severe malaria.',
  );

  // Closing as a referral needs the destination.
  await page.getByRole('button', { name: 'Close visit…' }).click();
  const closing = page.getByRole('form', { name: 'Close the visit' });
  await closing.getByLabel('Referred out').check();
  await closing.getByRole('button', { name: 'Close visit' }).click();
  await expect(closing.getByText('Name the facility the patient is referred to')).toBeVisible();
  await closing.getByLabel('Referred to').fill(REFERRAL);
  await closing.getByRole('button', { name: 'Close visit' }).click();
  await expect(page.getByTestId('visit-closed')).toHaveText(`Closed — Referred out to ${REFERRAL}`);
  await expect(page.getByRole('status').filter({ hasText: 'Visit closed' })).toHaveText(
    `Visit closed: Referred out to ${REFERRAL}.`,
  );
  await expect(diagnoses.getByRole('button', { name: 'Record diagnosis' })).toHaveCount(0);
  await saveScreen(page, 'consultation');

  // Core holds what the screens showed.
  await ok(workstation, ADMIN, 'auth.login', { username: OWNER.username, password: OWNER.password });
  const visits = await ok<VisitView[]>(workstation, ADMIN, 'visits.forPatient', { patientId: amina.id });
  expect(visits[0]).toMatchObject({ outcome: 'referred_out', referralDestination: REFERRAL, stage: 'done' });
  await expectNoPageProblems(page, pageProblems);
});
