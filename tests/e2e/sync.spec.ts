import type { Page } from '@playwright/test';
import type { CommandResult } from '../../shared/api/errors';
import type { PatientDetailsInput, PatientView } from '../../shared/api/patients';
import { bridgeClinic } from './host/clinic-bridge';
import { expect, test as base } from './host/fixtures';
import { OWNER, TOTP_STEP_MS, saveScreen, setUpFacility, signIn, totpCode } from './host/identity-flows';
import { expectNoPageProblems, watchPageProblems, type PageProblems } from './host/page-problems';
import { packageVersion } from './host/paths';
import { startSyncServer, type SyncServerHost } from './host/sync-server-host';
import { createTestClock, startTestWorkstation, type TestClock, type TestWorkstation } from './host/test-workstation';

// The clinic's own time zone, so the times shown are those a Kenyan facility sees.
const TIME_ZONE = 'Africa/Nairobi';
base.use({ timezoneId: TIME_ZONE });

/** Workstation B: a second workstation host (own encrypted store and clock) and its own page. */
interface SecondWorkstation {
  workstation: TestWorkstation;
  clock: TestClock;
  page: Page;
  problems: PageProblems;
}

const test = base.extend<{ syncServer: SyncServerHost; second: SecondWorkstation }>({
  // eslint-disable-next-line no-empty-pattern
  syncServer: async ({}, use) => {
    const server = await startSyncServer();
    await use(server);
    await server.close();
  },

  second: async ({ browser, rendererServer, clinicInitScript, syncServer }, use) => {
    // Depends on syncServer only so that B closes before the server does.
    void syncServer;
    const clock = createTestClock();
    const workstation = await startTestWorkstation(packageVersion(), 'unlocked', clock);
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: TIME_ZONE });
    try {
      const page = await context.newPage();
      const problems = await watchPageProblems(page);
      const bridge = await bridgeClinic(page, workstation.endpoint, rendererServer.origin, clinicInitScript);
      await use({ workstation, clock, page, problems });
      await bridge.close();
    } finally {
      await context.close();
      workstation.close();
    }
  },
});

const ADMIN = 'e2e-admin';

const PATIENT: PatientDetailsInput = {
  familyName: 'Wanjiru',
  givenName: 'Amina',
  middleName: 'Njeri',
  sex: 'female',
  birth: { kind: 'date', date: '1990-04-12' },
  phone: '0712 345 678',
  residence: { county: 'Kilifi', subCounty: 'Kaloleni', village: 'Mariakani' },
  nextOfKin: { name: 'Baraka Wanjiru', relationship: 'Brother', phone: '0722000111' },
  identifiers: [{ type: 'national_id', value: '23456789' }],
};
const PATIENT_NAME = 'Amina Njeri Wanjiru';

async function ok<T>(workstation: TestWorkstation, caller: string, name: string, input: unknown = {}): Promise<T> {
  const result: CommandResult<unknown> = await workstation.endpoint.dispatch(caller, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.code} ${result.message}`);
  return result.value as T;
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

/** Signs the owner in on a page, with the authenticator code by that workstation's clock. */
async function signInOwnerWithCode(page: Page, secret: string, clock: TestClock): Promise<void> {
  await signIn(page, OWNER.username, OWNER.password);
  clock.advance(TOTP_STEP_MS); // a code of a step not used before on this account
  await page.getByLabel('6-digit code').fill(totpCode(secret, clock));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(mainNav(page)).toBeVisible();
}

/** Answers the step-up dialog the first high-risk action opens. */
async function confirmStepUp(page: Page, secret: string, clock: TestClock): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  clock.advance(TOTP_STEP_MS);
  await dialog.getByLabel('Your password', { exact: true }).fill(OWNER.password);
  await dialog.getByLabel('6-digit code from your authenticator').fill(totpCode(secret, clock));
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
}

async function syncNowAndWait(page: Page): Promise<void> {
  const status = page.getByRole('region', { name: 'This workstation' });
  await status.getByRole('button', { name: 'Sync now' }).click();
  await expect(status.getByRole('button', { name: 'Sync now' })).toBeEnabled({ timeout: 15_000 });
  await expect(page.getByTestId('sync-sentence')).toContainText('last synced just now');
}

async function openChart(page: Page, patientId: string): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, `#/patients/${patientId}`));
  await expect(page.getByRole('heading', { level: 1, name: PATIENT_NAME })).toBeVisible();
}

async function editVillage(page: Page, patientId: string, village: string, phone?: string): Promise<void> {
  await openChart(page, patientId);
  await page.getByRole('link', { name: 'Edit details' }).click();
  const edit = page.getByRole('form', { name: 'Edit patient details' });
  await edit.getByLabel('Village or estate (optional)').fill(village);
  if (phone !== undefined) await edit.getByLabel('Phone (optional)').fill(phone);
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'details are saved' })).toBeVisible();
}

test('a second workstation joins with an enrollment code; edits on both sync, and the losing edit waits for review', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
  syncServer,
  second,
}) => {
  test.setTimeout(90_000);
  // Workstation A: set up, with the owner's authenticator and one patient, before it ever syncs.
  await setUpFacility(workstation);
  await ok(workstation, ADMIN, 'auth.login', { username: OWNER.username, password: OWNER.password });
  const { secret } = await ok<{ secret: string }>(workstation, ADMIN, 'mfa.beginEnrollment');
  await ok(workstation, ADMIN, 'mfa.confirmEnrollment', { code: totpCode(secret, clock) });
  const patient = await ok<PatientView>(workstation, ADMIN, 'patients.register', {
    ...PATIENT,
    confirmedNotDuplicate: true,
  });
  await ok(workstation, ADMIN, 'auth.logout');
  const facilityId = workstation.core().services.identity.facility()?.id;
  if (facilityId === undefined) throw new Error('Workstation A has no facility');
  const bootstrapToken = syncServer.allowFacility(facilityId);

  // A connects to the server from the Sync screen (step-up), and its first sync runs.
  await page.goto(rendererServer.url('/'));
  await signInOwnerWithCode(page, secret, clock);
  await mainNav(page).getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
  const connect = page.getByRole('form', { name: 'Connect to a sync server' });
  await connect.getByLabel('Server address').fill(syncServer.url);
  await connect.getByLabel('Facility token', { exact: true }).fill(bootstrapToken);
  await connect.getByRole('button', { name: 'Connect' }).click();
  await confirmStepUp(page, secret, clock);
  await expect(page.getByTestId('sync-sentence')).toContainText('last synced', { timeout: 15_000 });
  await expect(page.getByTestId('sync-chip')).toContainText('Synced');

  // The admin creates an enrollment code for workstation B.
  const enroll = page.getByRole('form', { name: 'Create an enrollment code' });
  await enroll.getByLabel('Code works for (hours)').fill('4');
  await enroll.getByRole('button', { name: 'Create enrollment code' }).click();
  const card = page.getByRole('region', { name: 'Enrollment code' });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('enrollment-server')).toHaveText(syncServer.url);
  await expect(card.getByRole('img', { name: /QR code/ })).toBeVisible();
  const code = await card.getByTestId('enrollment-code').getAttribute('aria-label');
  if (code === null) throw new Error('No enrollment code on screen');
  await saveScreen(page, 'sync-enrollment-code');

  // Workstation B, fresh: joins from the first-run screen. Pulls are held so the progress can be seen.
  const b = second;
  await b.page.goto(rendererServer.url('/'));
  await expect(b.page.getByRole('heading', { level: 1, name: 'Set up Zahanati' })).toBeVisible();
  await b.page.getByRole('button', { name: 'Join an existing facility' }).click();
  const join = b.page.getByRole('form', { name: 'Join an existing facility' });
  await join.getByLabel('Sync server address').fill(syncServer.url);
  await join.getByLabel('Enrollment code').fill(code.toLowerCase().replace(/-/g, ' '));
  const held = syncServer.holdPulls();
  await join.getByRole('button', { name: 'Join' }).click();
  await expect(b.page.getByRole('heading', { level: 1, name: 'Copying the facility’s records' })).toBeVisible();
  await expect(b.page.getByRole('progressbar', { name: 'First sync of this workstation' })).toBeVisible();
  await saveScreen(b.page, 'sync-join-progress');
  held.release();

  // Once the records are in, B shows the normal sign-in, and the owner signs in with the same account.
  await expect(b.page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible({ timeout: 20_000 });
  // The account's last used authenticator step came with it from A: B's codes must be of a later step.
  b.clock.advance(clock.now().getTime() - b.clock.now().getTime());
  await signInOwnerWithCode(b.page, secret, b.clock);
  await openChart(b.page, patient.id);

  // Both edit the same patient before either syncs: A the village and phone, B (later) the village.
  await editVillage(page, patient.id, 'Kaloleni town', '0733 111 222');
  await editVillage(b.page, patient.id, 'Mariakani market');

  // A sends, B sends and receives, A receives.
  await mainNav(page).getByRole('link', { name: 'Sync' }).click();
  await syncNowAndWait(page);
  await mainNav(b.page).getByRole('link', { name: 'Sync' }).click();
  await syncNowAndWait(b.page);
  await syncNowAndWait(page);
  await saveScreen(page, 'sync-status');

  // Each sees the other's change: B's later village wins everywhere, A's phone reaches B.
  for (const p of [page, b.page]) {
    await openChart(p, patient.id);
    const identity = p.getByRole('region', { name: 'Identity' });
    await expect(identity).toContainText('Mariakani market, Kaloleni, Kilifi');
    await expect(identity).toContainText('0733 111 222');
  }

  // A's village lost: it waits on the conflict review screen with both values, and is marked reviewed.
  await mainNav(page).getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByRole('region', { name: 'Conflicting edits' })).toContainText('1 to review');
  await page.getByRole('link', { name: 'Review conflicting edits' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Conflicting edits' })).toBeVisible();
  const rows = page.getByTestId('conflict-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Patient details');
  await expect(rows.first()).toContainText('Village');
  await expect(rows.first().locator('.conflict-kept')).toHaveText('Mariakani market');
  await expect(rows.first().locator('.conflict-lost')).toHaveText('Kaloleni town');
  await expect(rows.first()).toContainText('This workstation');
  await saveScreen(page, 'sync-conflict-review');
  await rows.first().getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(page.getByTestId('no-conflicts')).toHaveText('Nothing to review.');
  await page.getByLabel('Show reviewed too').check();
  await expect(rows.first()).toContainText(`Reviewed`);
  await expect(rows.first()).toContainText(`by ${OWNER.displayName}`);

  // The devices list shows both workstations; the owner prints a recovery kit (step-up still fresh).
  await mainNav(page).getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByTestId('device-row')).toHaveCount(2);
  await page.getByRole('button', { name: 'Create a recovery kit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Zahanati recovery kit/ })).toBeVisible();
  await expect(page.getByTestId('kit-facility')).toHaveText(facilityId);
  await expect(page.getByTestId('kit-server')).toHaveText(syncServer.url);
  await expect(page.getByTestId('kit-secret')).toHaveText(/^([0-9A-Z]{4} ){12}[0-9A-Z]{4}$/);
  await expect(page.getByRole('button', { name: 'Print' })).toBeVisible();
  await saveScreen(page, 'sync-recovery-kit');

  await expectNoPageProblems(page, pageProblems);
  await expectNoPageProblems(b.page, b.problems);
  expect(workstation.log).toEqual([]);
  expect(b.workstation.log).toEqual([]);
});
