import type { PatientView } from '../../shared/api/patients';
import {
  ADMIN,
  NURSE,
  createStaff,
  facilityWithOwner,
  ok,
  registerThroughCore,
  scheduleShift,
} from './host/clinic-staff';
import { expect, test } from './host/fixtures';
import { OWNER, saveScreen } from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';

// The clinic's own time zone, so the times shown are those a Kenyan facility sees.
test.use({ timezoneId: 'Africa/Nairobi' });

test('staff switch the interface to Kiswahili on the sign-in screen, and the workstation remembers it', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  await facilityWithOwner(workstation);
  const patient = await registerThroughCore(workstation, {
    givenName: 'Amina',
    familyName: 'Wanjiru',
    sex: 'female',
    birth: { kind: 'date', date: '1990-04-12' },
  });
  await ok(workstation, ADMIN, 'visits.checkIn', { patientId: (patient as PatientView).id });

  await page.goto(rendererServer.url('/'));
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByTestId('language-switch').selectOption('sw');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingia' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sw');
  await saveScreen(page, 'language-sign-in-sw');

  await page.getByLabel('Jina la mtumiaji').fill(OWNER.username);
  await page.getByLabel('Nenosiri', { exact: true }).fill(OWNER.password);
  await page.getByRole('button', { name: 'Ingia' }).click();

  const nav = page.getByRole('navigation', { name: 'Kuu' });
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Tafuta mgonjwa' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tafuta mgonjwa' })).toBeVisible();
  await page.getByLabel('Tafuta kwa jina, simu, kitambulisho au namba ya mgonjwa').fill('Amina');
  await expect(page.getByText('Mgonjwa 1 amepatikana', { exact: false })).toBeVisible();
  await expect(page.getByText('Amina Wanjiru')).toBeVisible();
  await expect(page.getByText('Mwanamke')).toBeVisible();
  await saveScreen(page, 'language-patients-sw');

  await nav.getByRole('link', { name: 'Foleni' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Foleni' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Foleni yako' })).toBeVisible();
  await expect(page.getByText('Mgonjwa 1 anasubiri', { exact: false })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Umri, jinsia' })).toBeVisible();
  await saveScreen(page, 'language-queue-sw');

  // The choice is kept on this workstation: after a reload the app is still in Kiswahili.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sw');
  await expect(page.getByTestId('language-switch')).toHaveValue('sw');
  await expect(
    page.getByRole('navigation', { name: 'Kuu' }).or(page.getByRole('heading', { name: 'Ingia' })),
  ).toBeVisible();
  await saveScreen(page, 'language-after-reload-sw');

  // And back to English from the app frame: the frame's words follow at once.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queue' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await expectNoPageProblems(page, pageProblems);
});

test('in Kiswahili, a form check and a refusal from core are both said in Kiswahili', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  // A nurse whose shift is scheduled but who has not clocked in, and a patient waiting for triage.
  await facilityWithOwner(workstation);
  const nurseId = await createStaff(workstation, NURSE, ['nurse']);
  await scheduleShift(workstation, clock, nurseId);
  const patient = await registerThroughCore(workstation, {
    givenName: 'Amina',
    familyName: 'Wanjiru',
    sex: 'female',
    birth: { kind: 'date', date: '1990-04-12' },
  });
  await ok(workstation, ADMIN, 'visits.checkIn', { patientId: patient.id });
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  await page.getByTestId('language-switch').selectOption('sw');
  await expect(page.getByRole('heading', { level: 1, name: 'Ingia' })).toBeVisible();
  await page.getByLabel('Jina la mtumiaji').fill(NURSE.username);
  await page.getByLabel('Nenosiri', { exact: true }).fill(NURSE.password);
  await page.getByRole('button', { name: 'Ingia' }).click();

  await page.getByRole('navigation', { name: 'Kuu' }).getByRole('link', { name: 'Foleni' }).click();
  await page.getByRole('table', { name: 'Foleni' }).getByRole('link', { name: 'Amina Wanjiru', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Amina Wanjiru' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Rekodi ishara muhimu' });

  // An impossible temperature is refused on its field, in the form's own check (shared limits, translated issue).
  const temperature = form.getByLabel('Joto la mwili');
  await temperature.fill('52');
  await temperature.press('Tab');
  await expect(form.getByText('Weka si zaidi ya 45')).toBeVisible();
  await expect(temperature).toHaveAttribute('aria-invalid', 'true');
  await expect(form).not.toContainText('not possible');
  await saveScreen(page, 'language-form-check-sw');

  // A possible reading reaches core, which refuses it (no shift open): the refusal is told by its code, in Kiswahili.
  await temperature.fill('38.6');
  await form.getByLabel('Mapigo ya moyo').fill('96');
  await form.getByRole('button', { name: 'Hifadhi ishara muhimu' }).click();
  const refusal = form.getByTestId('refusal');
  await expect(refusal).toContainText('Huna zamu iliyo wazi sasa. Ingia zamu kwanza, kisha jaribu tena.');
  await expect(refusal).not.toContainText('not clocked in');
  await expect(temperature).toHaveValue('38.6');
  await saveScreen(page, 'language-refusal-sw');

  await expectNoPageProblems(page, pageProblems);
});
