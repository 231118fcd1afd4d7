import type { PatientView } from '../../shared/api/patients';
import { ADMIN, facilityWithOwner, ok, registerThroughCore } from './host/clinic-staff';
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
