import { expect, test } from './host/fixtures';
import { openAsOwner, saveScreen } from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';

// Large enough that the progress bar is on screen for a few seconds.
const PATIENTS = 3000;

test('an admin fills a new workstation with demo data and follows its progress; a second fill is not offered', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  test.setTimeout(90_000);
  await openAsOwner(page, rendererServer.url('/'), workstation);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Demo data' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Demo data' })).toBeVisible();

  const form = page.getByRole('form', { name: 'Add demo data' });
  await expect(form.getByLabel('How many patients')).toHaveValue('2000');
  await form.getByLabel('How many patients').fill('5');
  await form.getByRole('button', { name: 'Add demo data' }).click();
  await expect(form.getByText('Enter a whole number from 10 to 100,000')).toBeVisible();
  await form.getByLabel('How many patients').fill(String(PATIENTS));
  await saveScreen(page, 'demo-data');
  await form.getByRole('button', { name: 'Add demo data' }).click();

  // Core writes it in the background, a chunk at a time; the screen follows it with a progress bar.
  await expect(page.getByRole('heading', { name: 'Adding demo data…' })).toBeVisible();
  const bar = page.getByRole('progressbar', { name: 'Adding demo data…' });
  await expect(bar).toHaveAttribute('max', String(PATIENTS));
  await expect(page.getByTestId('demo-progress-text')).toContainText(`of ${PATIENTS.toLocaleString('en-KE')} patients`);
  await saveScreen(page, 'demo-data-progress');

  const ready = page.getByRole('status').filter({ hasText: 'Demo data is ready' });
  await expect(ready).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('demo-counts')).toContainText(`Added ${PATIENTS.toLocaleString('en-KE')} patients`);
  await saveScreen(page, 'demo-data-ready');

  // The facility is there to try: the queue has today's patients; coming back, no second fill is offered.
  await ready.getByRole('link', { name: 'Open the queue' }).click();
  await expect(page.getByRole('table', { name: 'Queue' }).getByRole('row')).toHaveCount(7);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Demo data' }).click();
  await expect(page.getByTestId('demo-counts')).toContainText(`Added ${PATIENTS.toLocaleString('en-KE')} patients`);
  await expect(page.getByRole('form', { name: 'Add demo data' })).toHaveCount(0);
  await expectNoPageProblems(page, pageProblems);
});
