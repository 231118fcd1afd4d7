import type { Page } from '@playwright/test';
import type { PatientDetailsInput, PatientView } from '../../shared/api/patients';
import type { VisitView } from '../../shared/api/visits';
import type { NoteView } from '../../shared/api/notes';
import type { VitalsView } from '../../shared/api/vitals';
import {
  ADMIN,
  CLERK,
  NURSE,
  createStaff as createAccount,
  facilityWithOwner as asOwnerThroughCore,
  ok,
  registerThroughCore,
  type Staff,
} from './host/clinic-staff';
import { expect, test } from './host/fixtures';
import { OWNER, TOTP_STEP_MS, openSignedInAsOwner, saveScreen, signIn, totpCode } from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';
import type { TestClock, TestWorkstation } from './host/test-workstation';

// The clinic's own time zone, so the times shown are those a Kenyan facility sees.
test.use({ timezoneId: 'Africa/Nairobi' });

const COUNSELLOR: Staff = {
  username: 'esther.kamau',
  displayName: 'Esther Kamau',
  temporaryPassword: 'Harbor-Millet-Spruce-14',
  password: 'Lantern-Ridge-Sisal-71',
};

/** Registered through the form in the first spec; others get her through core. */
const AMINA = {
  givenName: 'Amina',
  middleName: 'Njeri',
  familyName: 'Wanjiru',
  fullName: 'Amina Njeri Wanjiru',
  birthDate: '1990-04-12',
  phone: '0712 345 678',
} as const;

const AMINA_DETAILS: PatientDetailsInput = {
  familyName: AMINA.familyName,
  givenName: AMINA.givenName,
  middleName: AMINA.middleName,
  sex: 'female',
  birth: { kind: 'date', date: AMINA.birthDate },
  phone: AMINA.phone,
  residence: { county: 'Kilifi', subCounty: 'Kaloleni', village: 'Mariakani' },
  nextOfKin: { name: 'Baraka Wanjiru', relationship: 'Brother', phone: '0722000111' },
  identifiers: [{ type: 'national_id', value: '23456789' }],
};

/** Turns on an account's authenticator through core; returns its secret, for later codes. */
async function enrollAuthenticator(workstation: TestWorkstation, account: Staff, clock: TestClock): Promise<string> {
  const caller = `e2e-${account.username}-mfa`;
  await ok(workstation, caller, 'auth.login', { username: account.username, password: account.password });
  const { secret } = await ok<{ secret: string }>(workstation, caller, 'mfa.beginEnrollment');
  await ok(workstation, caller, 'mfa.confirmEnrollment', { code: totpCode(secret, clock) });
  await ok(workstation, caller, 'auth.logout');
  return secret;
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

async function findPatient(page: Page, query: string) {
  const box = page.getByRole('combobox', { name: 'Search by name, phone, ID or patient number' });
  await box.fill(query);
  return box;
}

test('a clerk registers a patient, is warned of a duplicate, and finds her by parts of her name in either order', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  await asOwnerThroughCore(workstation);
  await createAccount(workstation, CLERK, ['registration_clerk']);
  // Others on the register, so the search has more than one name to choose from.
  await registerThroughCore(workstation, {
    familyName: 'Wanjala',
    givenName: 'Aminata',
    sex: 'female',
    birth: { kind: 'estimated_age', years: 52 },
    phone: '0733 100 200',
    residence: { county: 'Kilifi' },
    identifiers: [],
  });
  await registerThroughCore(workstation, {
    familyName: 'Otieno',
    givenName: 'Brian',
    sex: 'male',
    birth: { kind: 'date', date: '1984-09-30' },
    residence: { county: 'Mombasa' },
    identifiers: [{ type: 'sha_number', value: 'SHA-778899' }],
  });
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  await signIn(page, CLERK.username, CLERK.password);
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Find patient' })).toBeVisible();
  await page.getByRole('link', { name: 'Register new patient' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Register a new patient' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Register a patient' });
  await expect(form.getByLabel('First name')).toBeFocused();
  // A clerk holds no sensitive-programme permission, so the form does not offer one.
  await expect(form.getByLabel('Registered under')).toHaveCount(0);

  // Saving an empty form says what is missing, on the fields.
  await form.getByRole('button', { name: 'Register patient' }).click();
  await expect(form.getByText('Choose the sex', { exact: true })).toBeVisible();
  await expect(form.getByText('Choose the county', { exact: true })).toBeVisible();
  await expect(form.getByLabel('First name')).toBeFocused();

  await form.getByLabel('First name').fill(AMINA.givenName);
  await form.getByLabel('Middle name (optional)').fill(AMINA.middleName);
  await form.getByLabel('Surname').fill(AMINA.familyName);
  await form.getByLabel('Sex').selectOption('female');
  await form.getByLabel('Date of birth', { exact: true }).fill(AMINA.birthDate);
  await form.getByLabel('Phone (optional)').fill(AMINA.phone);
  await form.getByLabel('County', { exact: true }).selectOption('Kilifi');
  await form.getByLabel('Sub-county (optional)').fill('Kaloleni');
  await form.getByLabel('Village or estate (optional)').fill('Mariakani');
  await form.getByLabel('Next of kin’s name').fill('Baraka Wanjiru');
  await form.getByLabel('Relationship').fill('Brother');
  await form.getByLabel('Next of kin’s phone').fill('0722 000 111');
  await form.getByRole('button', { name: 'Add an identifier' }).click();
  await expect(form.getByLabel('Identifier 1 number')).toBeFocused();
  await expect(form.getByLabel('Identifier 1 type')).toHaveValue('national_id');
  await form.getByLabel('Identifier 1 number').fill('23456789');
  await saveScreen(page, 'registration');
  await form.getByRole('button', { name: 'Register patient' }).click();

  await expect(page.getByRole('heading', { level: 1, name: AMINA.fullName })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'is registered as patient' })).toBeVisible();
  const aminaNumber = (await page.getByTestId('patient-number').innerText()).trim();
  expect(aminaNumber).toMatch(/^11432-[0-9A-F]{6}-\d{5}$/);

  // Another person with the same phone: the clerk is warned before anything is saved.
  await page.goto(rendererServer.url('/patients/new'));
  await form.getByLabel('First name').fill('Zawadi');
  await form.getByLabel('Surname').fill('Otieno');
  await form.getByLabel('Sex').selectOption('female');
  await form.getByRole('radio', { name: 'Age only (estimated)' }).check();
  await form.getByLabel('Age in years').fill('24');
  await form.getByLabel('Phone (optional)').fill('0712345678');
  await form.getByLabel('County', { exact: true }).selectOption('Kilifi');
  await form.getByRole('button', { name: 'Register patient' }).click();

  const duplicates = page.getByRole('region', { name: /Possible duplicate/ });
  await expect(duplicates).toBeVisible();
  await expect(duplicates.getByRole('heading')).toBeFocused();
  await expect(duplicates.getByRole('listitem')).toHaveCount(1);
  await expect(duplicates.getByRole('listitem')).toContainText(AMINA.fullName);
  await expect(duplicates.getByRole('listitem')).toContainText('same phone');
  await expect(duplicates.getByRole('link', { name: AMINA.fullName })).toHaveAttribute('href', /#\/patients\//);
  await saveScreen(page, 'duplicate-warning');
  await duplicates.getByRole('button', { name: 'This is a different person — register' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Zawadi Otieno' })).toBeVisible();

  // Search by parts of her names, in either order.
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  const results = page.getByRole('listbox', { name: 'Patients found' });
  const box = await findPatient(page, 'wanj amin');
  await expect(results.getByRole('option', { name: new RegExp(AMINA.fullName) })).toBeVisible();
  await expect(results.getByRole('option')).toHaveCount(2);
  await expect(results.getByRole('option', { name: /Zawadi|Brian/ })).toHaveCount(0);
  await box.fill('amin wanj');
  await expect(page.getByTestId('search-status')).toHaveText('2 patients found. Use ↓ to choose.');
  const amina = results.getByRole('option', { name: new RegExp(AMINA.fullName) });
  await expect(amina).toContainText(aminaNumber);
  await expect(amina).toContainText('0712 345 678');
  await expect(amina).toContainText('Female');
  await box.press('ArrowDown');
  await expect(results.getByRole('option', { selected: true })).toHaveCount(1);
  if ((await amina.getAttribute('aria-selected')) !== 'true') await box.press('ArrowDown');
  await expect(amina).toHaveAttribute('aria-selected', 'true');
  await saveScreen(page, 'patient-search');

  // The phone finds her too, as typed at the desk.
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: AMINA.fullName })).toBeVisible();
  const identity = page.getByRole('region', { name: 'Identity' });
  await expect(identity).toContainText('12 April 1990');
  await expect(identity).toContainText('National ID: 23456789');
  await expect(identity).toContainText('Mariakani, Kaloleni, Kilifi');
  await expect(identity).toContainText('Baraka Wanjiru (Brother), 0722 000 111');
  await expect(page.getByTestId('allergy-strip')).toHaveText('No allergies recorded.');
  await expect(page.getByRole('region', { name: 'Visits' })).toContainText('Visits appear here');
  await saveScreen(page, 'patient-chart');

  // Edit uses the same form, filled in.
  await page.getByRole('link', { name: 'Edit details' }).click();
  const edit = page.getByRole('form', { name: 'Edit patient details' });
  await expect(edit.getByLabel('Phone (optional)')).toHaveValue('0712345678');
  await edit.getByLabel('Village or estate (optional)').fill('Kaloleni town');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'details are saved' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Identity' })).toContainText('Kaloleni town, Kaloleni, Kilifi');

  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  await findPatient(page, '0712 345 678');
  await expect(results.getByRole('option')).toHaveCount(2);
  await expectNoPageProblems(page, pageProblems);
});

test('consent is recorded and withdrawn and a follow-up booked on the chart; allergies are for clinical staff', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  await asOwnerThroughCore(workstation);
  await createAccount(workstation, CLERK, ['registration_clerk']);
  const patient = await registerThroughCore(workstation, AMINA_DETAILS);
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  await signIn(page, CLERK.username, CLERK.password);
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  const box = await findPatient(page, 'amina');
  await expect(page.getByRole('option', { name: new RegExp(AMINA.fullName) })).toBeVisible();
  // One result: Enter opens it without choosing.
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: AMINA.fullName })).toBeVisible();

  const consent = page.getByRole('region', { name: 'Consent' });
  await expect(consent.getByRole('listitem', { name: 'Consent to care' })).toContainText('Not recorded');
  await consent.getByRole('button', { name: 'Record consent to care' }).click();
  const careForm = consent.getByRole('form', { name: 'Consent to care' });
  await expect(careForm.getByRole('radio', { name: 'Given' })).toBeFocused();
  await careForm.getByLabel('Privacy notice version').fill('2026-1');
  await careForm.getByRole('button', { name: 'Save decision' }).click();
  await expect(consent.getByTestId('consent-care')).toHaveText('Given');
  await expect(consent.getByRole('listitem', { name: 'Consent to care' })).toContainText(
    `by ${CLERK.displayName} · notice 2026-1`,
  );

  await consent.getByRole('button', { name: 'Record consent to data processing' }).click();
  const dataForm = consent.getByRole('form', { name: 'Consent to data processing' });
  await expect(dataForm.getByLabel('Privacy notice version')).toHaveValue('2026-1');
  await dataForm.getByRole('button', { name: 'Save decision' }).click();
  await expect(consent.getByTestId('consent-data_processing')).toHaveText('Given');

  await consent.getByRole('button', { name: 'Withdraw consent to data processing' }).click();
  await consent
    .getByRole('group', { name: 'Withdraw consent to data processing' })
    .getByRole('button', { name: 'Record withdrawal' })
    .click();
  await expect(consent.getByTestId('consent-data_processing')).toHaveText('Withdrawn');
  await expect(consent.getByTestId('consent-care')).toHaveText('Given');
  await expect(consent.getByText('History (3)')).toBeVisible();

  // The clerk sees allergies but does not record them: nurses, clinicians and pharmacists do (outpatient journey).
  await expect(page.getByTestId('allergy-strip')).toHaveText('No allergies recorded.');
  await expect(
    page.getByRole('region', { name: 'Allergies' }).getByRole('button', { name: 'Record allergy' }),
  ).toHaveCount(0);

  // The clerk is not clocked in: check-in is refused with core's message, which says how to fix it.
  const visits = page.getByRole('region', { name: 'Visits' });
  await visits.getByRole('button', { name: 'Check in for a visit' }).click();
  const refusal = visits.getByRole('alert');
  await expect(refusal).toContainText('You are not clocked in to a scheduled shift.');
  await expect(refusal).toBeFocused();

  const appointments = page.getByRole('region', { name: 'Appointments' });
  await appointments.getByRole('button', { name: 'Book follow-up' }).click();
  const booking = appointments.getByRole('form', { name: 'Book follow-up' });
  await booking.getByRole('button', { name: 'In 2 weeks' }).click();
  const followUpDate = await booking.getByLabel('Date').inputValue();
  await booking.getByLabel('What for').fill('Review of the rash');
  await booking.getByRole('button', { name: 'Book appointment' }).click();
  await expect(appointments.getByRole('list', { name: 'Upcoming appointments' })).toContainText('Review of the rash');
  await saveScreen(page, 'chart-consent');

  // The day list shows it on its day; the clerk cancels it there.
  await mainNav(page).getByRole('link', { name: 'Appointments' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Appointments' })).toBeVisible();
  await expect(page.getByText('No appointments booked for this day.')).toBeVisible();
  await page.getByLabel('Day', { exact: true }).fill(followUpDate);
  const row = page.getByRole('row', { name: new RegExp(AMINA.fullName) });
  await expect(row).toContainText('Review of the rash');
  await expect(row).toContainText('Booked');
  await expect(row.getByRole('link', { name: AMINA.fullName })).toHaveAttribute('href', `#/patients/${patient.id}`);
  await saveScreen(page, 'appointments');
  await row.getByRole('button', { name: 'Cancel appointment' }).click();
  await row.getByRole('button', { name: 'Cancel the appointment' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is cancelled' })).toBeVisible();
  await expect(page.getByText('No appointments booked for this day.')).toBeVisible();
  await expectNoPageProblems(page, pageProblems);
});

test('a patient registered under HIV care is hidden from a clerk’s search and found by the HTS counsellor', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  await asOwnerThroughCore(workstation);
  await createAccount(workstation, CLERK, ['registration_clerk']);
  await createAccount(workstation, COUNSELLOR, ['hts_counsellor']);
  const hidden = await ok<PatientView>(workstation, ADMIN, 'patients.register', {
    familyName: 'Achieng',
    givenName: 'Rose',
    sex: 'female',
    birth: { kind: 'date', date: '1995-06-01' },
    phone: '0711 222 333',
    residence: { county: 'Kisumu' },
    identifiers: [{ type: 'national_id', value: '31234567' }],
    sensitivity: 'hiv',
    confirmedNotDuplicate: false,
  });
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  await signIn(page, CLERK.username, CLERK.password);
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  for (const query of ['rose achieng', '0711222333', '31234567', hidden.patientNumber]) {
    await findPatient(page, query);
    await expect(page.getByTestId('search-status')).toHaveText(`No patient matches “${query}”.`);
  }
  await expect(page.getByRole('listbox', { name: 'Patients found' })).toHaveCount(0);
  // Not even by the chart's address.
  await page.goto(rendererServer.url(`/patients/${hidden.id}`));
  await expect(page.getByRole('alert')).toContainText('not available to your role');
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, COUNSELLOR.username, COUNSELLOR.password);
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  await findPatient(page, 'achieng rose');
  const found = page.getByRole('option', { name: /Rose Achieng/ });
  await expect(found).toContainText(hidden.patientNumber);
  await found.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rose Achieng' })).toBeVisible();
  await expect(page.getByText('Sensitive: HIV')).toBeVisible();
  // The counsellor reads charts but does not register or edit patients.
  await expect(page.getByRole('link', { name: 'Edit details' })).toHaveCount(0);
  await expectNoPageProblems(page, pageProblems);
});

test('break-glass: a nurse asks for emergency access with a reason and step-up, sees the banner, and the owner reviews it', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await asOwnerThroughCore(workstation);
  await createAccount(workstation, NURSE, ['nurse']);
  const secret = await enrollAuthenticator(workstation, NURSE, clock);
  const patient = await registerThroughCore(workstation, AMINA_DETAILS);
  await ok(workstation, ADMIN, 'allergies.record', {
    patientId: patient.id,
    allergen: 'Sulfonamides',
    severity: 'moderate',
  });
  // A visit with what the owner (exempt from shifts) recorded: vitals corrected once, a diagnosis, notes, one on HIV care.
  const visit = await ok<VisitView>(workstation, ADMIN, 'visits.checkIn', { patientId: patient.id });
  const first = await ok<VitalsView>(workstation, ADMIN, 'vitals.record', {
    visitId: visit.id,
    values: { temperatureC: 39.9, pulseBpm: 96, systolicMmHg: 150, diastolicMmHg: 95, weightKg: 64, heightCm: 160 },
  });
  await ok(workstation, ADMIN, 'vitals.amend', {
    vitalsId: first.id,
    values: { temperatureC: 38.6, pulseBpm: 96, systolicMmHg: 150, diastolicMmHg: 95, weightKg: 64, heightCm: 160 },
    reason: 'Misread thermometer',
  });
  await ok(workstation, ADMIN, 'diagnoses.record', {
    visitId: visit.id,
    diagnosis: { kind: 'coded', code: 'malaria-confirmed' },
    episode: 'new',
  });
  const note = await ok<NoteView>(workstation, ADMIN, 'notes.write', {
    visitId: visit.id,
    note: { complaint: 'Fever for 3 days', examination: 'Temp 38.6, no neck stiffness', plan: 'RDT' },
  });
  await ok(workstation, ADMIN, 'notes.amend', {
    noteId: note.id,
    note: { complaint: 'Fever for 3 days', examination: 'Temp 38.6, no neck stiffness', plan: 'RDT positive: AL' },
    reason: 'Result came back',
  });
  await ok(workstation, ADMIN, 'notes.write', {
    visitId: visit.id,
    note: { history: 'Known on ART since 2019, adherent', sensitivity: 'hiv' },
  });
  const orders = await ok<{ id: string; testCode: string }[]>(workstation, ADMIN, 'labs.order', {
    visitId: visit.id,
    testCodes: ['malaria-rdt', 'haemoglobin'],
  });
  for (const order of orders) await ok(workstation, ADMIN, 'labs.collect', { orderId: order.id });
  const [rdt, hb] = [
    orders.find((o) => o.testCode === 'malaria-rdt'),
    orders.find((o) => o.testCode === 'haemoglobin'),
  ];
  await ok(workstation, ADMIN, 'labs.enterResult', { orderId: rdt?.id, value: 'Positive' });
  await ok(workstation, ADMIN, 'labs.enterResult', { orderId: hb?.id, value: 9.1 });
  await ok(workstation, ADMIN, 'labs.amendResult', { orderId: hb?.id, value: 9.4, reason: 'Transcription error' });
  await ok(workstation, ADMIN, 'prescriptions.create', {
    visitId: visit.id,
    drugCode: 'artemether-lumefantrine-20-120mg-tab',
    dose: '4 tablets',
    route: 'oral',
    frequency: 'BD',
    durationDays: 3,
    quantity: 24,
  });
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  clock.advance(TOTP_STEP_MS); // a fresh authenticator code, unused by the enrollment
  await signIn(page, NURSE.username, NURSE.password);
  await page.getByLabel('6-digit code').fill(totpCode(secret, clock));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(mainNav(page)).toBeVisible();
  await mainNav(page).getByRole('link', { name: 'Find patient' }).click();
  await findPatient(page, 'amina wanjiru');
  await page.getByRole('option', { name: new RegExp(AMINA.fullName) }).click();
  await expect(page.getByRole('heading', { level: 1, name: AMINA.fullName })).toBeVisible();

  // The open visit shows what was recorded, corrections and all; the HIV note is hidden from a nurse.
  const visits = page.getByRole('region', { name: 'Visits' });
  await expect(visits.getByRole('button', { name: /Open — at Triage/ })).toHaveAttribute('aria-expanded', 'true');
  await expect(visits.getByRole('list', { name: 'Superseded reading' })).toContainText('39.9');
  await expect(visits.getByText('Correction: Misread thermometer')).toBeVisible();
  await expect(visits).toContainText('▲ Fever');
  await expect(visits.getByText('Why amended: Result came back')).toBeVisible();
  await expect(visits).toContainText('Confirmed malaria (uncomplicated) B50.9');
  await expect(visits).not.toContainText('Known on ART');
  await expect(visits).toContainText('Malaria rapid diagnostic test (RDT)Positive');
  await expect(visits).toContainText('Correction: Transcription error');
  await expect(visits).toContainText('Not yet dispensed');

  await page.getByRole('button', { name: 'Emergency access to sensitive records' }).click();
  const dialog = page.getByRole('dialog', { name: 'Emergency access to sensitive records' });
  await expect(dialog).toContainText('60 minutes');
  const reason = dialog.getByLabel('Reason for emergency access');
  await expect(reason).toBeFocused();
  await reason.fill('Too short');
  await expect(dialog.getByText('9 of at least 10 characters')).toBeVisible();
  await dialog.getByRole('button', { name: 'Request emergency access' }).click();
  await expect(dialog.getByText('Explain the emergency in at least 10 characters')).toBeVisible();
  await reason.fill('Unconscious patient brought in; need HIV status before treatment');
  await dialog.getByRole('button', { name: 'Request emergency access' }).click();

  const stepUp = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(stepUp).toBeVisible();
  clock.advance(TOTP_STEP_MS);
  await stepUp.getByLabel('Your password', { exact: true }).fill(NURSE.password);
  await stepUp.getByLabel('6-digit code from your authenticator').fill(totpCode(secret, clock));
  await stepUp.getByRole('button', { name: 'Confirm' }).click();

  const banner = page.getByRole('complementary', { name: 'Emergency access' });
  await expect(banner).toHaveText(
    new RegExp(`^!?Emergency access to ${patient.patientNumber} until \\d\\d:\\d\\d — every view is recorded\\.$`),
  );
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Emergency access granted until' })).toBeVisible();
  // The chart is read again: the HIV note is now there, marked as such.
  await expect(visits).toContainText('Known on ART since 2019');
  await expect(page.getByRole('button', { name: 'Emergency access to sensitive records' })).toHaveCount(0);
  await saveScreen(page, 'break-glass-banner');

  // The banner follows the nurse to every screen.
  await mainNav(page).getByRole('link', { name: 'Home' }).click();
  await expect(banner).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await openSignedInAsOwner(page, rendererServer.url('/'));
  await mainNav(page).getByRole('link', { name: 'Emergency access review' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency access review' })).toBeVisible();
  const grant = page.getByRole('listitem', { name: NURSE.displayName });
  await expect(grant).toContainText('Waiting for review');
  await expect(grant).toContainText('Unconscious patient brought in');
  await expect(grant).toContainText(patient.id);
  await grant.getByRole('button', { name: 'Mark reviewed' }).click();
  await grant.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(grant.getByText('Add a short comment')).toBeVisible();
  await grant.getByLabel('Review comment').fill('Confirmed with the ward in-charge: emergency admission.');
  await grant.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'marked reviewed' })).toBeVisible();
  await expect(page.getByText('Nothing waits for review.')).toBeVisible();

  await page.getByRole('checkbox', { name: 'Show reviewed ones too' }).check();
  await expect(grant).toContainText('Reviewed');
  await expect(grant).toContainText(`by ${OWNER.displayName}: “Confirmed with the ward in-charge`);
  await saveScreen(page, 'break-glass-review');
  await expectNoPageProblems(page, pageProblems);
});
