import { SESSION_POLL_MS } from '../../renderer/src/identity/session-timing';
import type { Page } from '@playwright/test';
import type { CommandResult } from '../../shared/api/errors';
import { expect, test } from './host/fixtures';
import {
  FACILITY,
  OWNER,
  SIGN_IN_FAILED,
  TOTP_STEP_MS,
  completeSetupWizard,
  openAsOwner,
  openSignedInAsOwner,
  saveScreen,
  setUpFacility,
  signIn,
  totpCode,
} from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';
import type { TestWorkstation } from './host/test-workstation';

const NURSE = {
  username: 'jane.wanjiru',
  displayName: 'Jane Wanjiru',
  temporaryPassword: 'Tide-Pebble-Orchid-93',
  password: 'Savanna-Copper-Violin-27',
} as const;

/** Core's side of a command, for specs that need a user or an enrollment the page did not make. */
async function ok<T>(workstation: TestWorkstation, caller: string, name: string, input: unknown = {}): Promise<T> {
  const result: CommandResult<unknown> = await workstation.endpoint.dispatch(caller, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.code} ${result.message}`);
  return result.value as T;
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

test('a new workstation: setup, owner with an authenticator, a nurse who must choose her own password', async ({
  page,
  pageProblems,
  rendererServer,
  clock,
}) => {
  await page.goto(rendererServer.url('/'));
  await completeSetupWizard(page, (step) => saveScreen(page, step === 1 ? 'setup' : 'setup-owner'));

  // The wizard never comes back on a set-up workstation: the login screen does, even after a reload.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('The facility is set up');
  await expect(page.getByTestId('facility-name')).toContainText(FACILITY.name);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await saveScreen(page, 'login');

  await signIn(page, OWNER.username, OWNER.password);
  await expect(mainNav(page)).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toHaveText(OWNER.displayName);
  // The owner's role needs MFA; within the grace period the app says so and links to enrollment.
  const banner = page.getByRole('complementary', { name: 'Authenticator reminder' });
  await expect(banner).toContainText('Set up your authenticator by');
  await banner.getByRole('link', { name: 'Set it up now' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Set up the authenticator' })).toBeVisible();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const secret = await page.getByTestId('mfa-secret').innerText();
  expect(secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await saveScreen(page, 'mfa-enrollment');
  await page.getByLabel('6-digit code').fill(totpCode(secret, clock));
  await page.getByRole('button', { name: 'Turn on the authenticator' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Save your recovery codes now' })).toBeVisible();
  await expect(page.getByText('They will not be shown again.')).toBeVisible();
  const codes = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(codes).toHaveCount(10);
  expect(await codes.first().innerText()).toMatch(/^[A-Z2-7]{5}-[A-Z2-7]{5}$/);
  await saveScreen(page, 'recovery-codes');
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Authenticator' })).toContainText('On.');
  await expect(banner).toBeHidden();
  await saveScreen(page, 'my-account');

  await mainNav(page).getByRole('link', { name: 'Users' }).click();
  const ownerRow = page.getByRole('row', { name: new RegExp(OWNER.displayName) });
  await expect(ownerRow).toContainText('Owner');
  await expect(ownerRow.getByRole('cell').nth(3)).toHaveText('On');
  await saveScreen(page, 'users');

  await page.getByRole('link', { name: 'Create user' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create user' })).toBeVisible();
  await page.getByLabel('Full name').fill(NURSE.displayName);
  await page.getByLabel('Username').fill(NURSE.username);
  await page.getByRole('checkbox', { name: 'Nurse', exact: true }).check();
  await page.getByLabel('Temporary password').fill(NURSE.temporaryPassword);
  await saveScreen(page, 'create-user');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('heading', { level: 1, name: NURSE.displayName })).toBeVisible();
  await expect(page.getByRole('status').first()).toContainText('temporary password');
  await expect(page.getByText('Temporary: must be changed at next sign-in')).toBeVisible();
  await saveScreen(page, 'user-created');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, NURSE.username, NURSE.temporaryPassword);
  await expect(page.getByRole('heading', { level: 1, name: 'Choose your own password' })).toBeVisible();
  await saveScreen(page, 'nurse-password-change');
  await page.getByLabel('Temporary password', { exact: true }).fill(NURSE.temporaryPassword);
  await page.getByLabel('New password', { exact: true }).fill(NURSE.password);
  await page.getByLabel('Type the new password again', { exact: true }).fill(NURSE.password);
  await page.getByRole('button', { name: 'Save password and continue' }).click();

  // After signing out and in again the nurse starts at home, not on the owner's last page.
  await expect(
    page.getByRole('heading', { level: 1, name: `Welcome to Zahanati, ${NURSE.displayName}` }),
  ).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'My account' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(mainNav(page).getByRole('link', { name: 'Security settings' })).toHaveCount(0);
  // A nurse's role does not need MFA, so no reminder either.
  await expect(page.getByRole('complementary', { name: 'Authenticator reminder' })).toHaveCount(0);
  await saveScreen(page, 'nurse-home');

  // Typing the address does not help: the screen says so (and core would refuse users.list anyway).
  await page.goto(rendererServer.url('/users'));
  await expect(page.getByRole('heading', { level: 1, name: 'Not available to your role' })).toBeVisible();

  await expectNoPageProblems(page, pageProblems);
});

test('a wrong password and an unknown user get the same message', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  await setUpFacility(workstation);
  await page.goto(rendererServer.url('/'));

  await signIn(page, OWNER.username, 'not-the-right-password');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(SIGN_IN_FAILED);
  // The message takes focus, so a screen reader reads it and the keyboard starts from it.
  await expect(alert).toBeFocused();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await saveScreen(page, 'login-failed');

  await signIn(page, 'nobody.here', 'not-the-right-password');
  await expect(page.getByRole('alert')).toHaveText(SIGN_IN_FAILED);
  await expect(mainNav(page)).toHaveCount(0);
  await expectNoPageProblems(page, pageProblems);
});

test('the lock screen: Lock, a wrong password is refused, the right one resumes where the user was', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await openAsOwner(page, rendererServer.url('/'), workstation);
  await mainNav(page).getByRole('link', { name: 'My account' }).click();

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'This workstation is locked' })).toBeVisible();
  await expect(page.getByTestId('locked-by')).toHaveText(`Locked by ${OWNER.displayName} (${OWNER.username}).`);
  // The app is gone from the page, not just covered.
  await expect(mainNav(page)).toHaveCount(0);
  await saveScreen(page, 'lock-screen');

  await page.getByLabel('Password', { exact: true }).fill('not-the-right-password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('That password is not correct.');
  await expect(page.getByRole('heading', { level: 1, name: 'This workstation is locked' })).toBeVisible();

  // Past the progressive delay after one failure, without sleeping.
  clock.advance(2_000);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await expectNoPageProblems(page, pageProblems);
});

test('idle: once core locks the session, the lock screen follows; Switch user signs out', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  // The page's timers are faked so the 10 s status poll can be run at once.
  await page.clock.install();
  await openAsOwner(page, rendererServer.url('/'), workstation);

  clock.advance(5 * 60_000);
  await page.clock.runFor(SESSION_POLL_MS);
  await expect(page.getByRole('heading', { level: 1, name: 'This workstation is locked' })).toBeVisible();

  await page.getByRole('button', { name: 'Switch user' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoPageProblems(page, pageProblems);
});

test('an owner with an authenticator: code at sign-in, step-up to change access, a recovery code', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await setUpFacility(workstation);
  // Enrolled and the nurse created through core, from another caller: this spec is about what follows.
  await ok(workstation, 'e2e-admin', 'auth.login', { username: OWNER.username, password: OWNER.password });
  const { secret } = await ok<{ secret: string }>(workstation, 'e2e-admin', 'mfa.beginEnrollment');
  const enrollmentCode = totpCode(secret, clock);
  const { recoveryCodes } = await ok<{ recoveryCodes: string[] }>(workstation, 'e2e-admin', 'mfa.confirmEnrollment', {
    code: enrollmentCode,
  });
  await ok(workstation, 'e2e-admin', 'users.create', {
    username: NURSE.username,
    displayName: NURSE.displayName,
    roles: ['nurse'],
    temporaryPassword: NURSE.temporaryPassword,
  });
  await ok(workstation, 'e2e-admin', 'auth.logout');

  await page.goto(rendererServer.url('/'));
  await signIn(page, OWNER.username, OWNER.password);
  await expect(page.getByRole('heading', { level: 1, name: 'Enter your authenticator code' })).toBeVisible();
  await saveScreen(page, 'mfa-challenge');
  // The code that confirmed enrollment was accepted once: presented again, it is refused.
  await page.getByLabel('6-digit code').fill(enrollmentCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  clock.advance(TOTP_STEP_MS);
  await page.getByLabel('6-digit code').fill(totpCode(secret, clock));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(mainNav(page)).toBeVisible();

  await mainNav(page).getByRole('link', { name: 'Users' }).click();
  await page.getByRole('link', { name: NURSE.displayName }).click();
  await page.getByRole('link', { name: 'Edit access' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Access for ${NURSE.displayName}` })).toBeVisible();
  const before = Number(await page.getByTestId('effective-count').locator('strong').innerText());
  await page.getByText('HIV testing services').click();
  await page.getByRole('checkbox', { name: /Record HIV tests and counselling/ }).check();
  await expect(page.getByTestId('effective-count')).toContainText(`${before + 1} of`);
  await expect(page.getByRole('complementary', { name: 'Effective access' })).toContainText(
    'Record HIV tests and counselling',
  );
  await saveScreen(page, 'edit-access');
  await page.getByRole('button', { name: 'Save access' }).click();

  // users.setAccess is high-risk: the step-up dialog opens, then the save is retried by itself.
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  await saveScreen(page, 'step-up', { fullPage: false });
  clock.advance(TOTP_STEP_MS);
  await dialog.getByLabel('Your password', { exact: true }).fill(OWNER.password);
  await dialog.getByLabel('6-digit code from your authenticator').fill(totpCode(secret, clock));
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: NURSE.displayName })).toBeVisible();
  await expect(page.getByRole('status').first()).toHaveText(`Access for ${NURSE.displayName} is saved.`);
  await expect(page.getByText('(1 granted and 0 revoked beyond the roles)')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, OWNER.username, OWNER.password);
  await page.getByRole('button', { name: /use a recovery code/ }).click();
  await page.getByLabel('Recovery code', { exact: true }).fill(recoveryCodes[0] ?? '');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(mainNav(page)).toBeVisible();
  await expectNoPageProblems(page, pageProblems);
});

test('security settings: limits outside the allowed range are refused on the field, valid ones saved', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  await openAsOwner(page, rendererServer.url('/'), workstation);
  await mainNav(page).getByRole('link', { name: 'Security settings' }).click();
  const lockAfter = page.getByLabel('Lock the screen after (minutes idle)');
  await expect(lockAfter).toHaveValue('5');
  await lockAfter.fill('20');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Enter a whole number from 1 to 15')).toBeVisible();
  await expect(lockAfter).toBeFocused();

  await lockAfter.fill('10');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status').first()).toContainText('Saved');
  await saveScreen(page, 'security-settings');

  const session = await page.evaluate(() =>
    (
      globalThis as unknown as { clinic: { session: { status(input: object): Promise<unknown> } } }
    ).clinic.session.status({}),
  );
  expect(session).toMatchObject({ ok: true, value: { lockAfterMs: 10 * 60_000 } });
  await expectNoPageProblems(page, pageProblems);
});

test('user management: a locked nurse is unlocked, her password reset, her account deactivated and reactivated', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await setUpFacility(workstation);
  await ok(workstation, 'e2e-admin', 'auth.login', { username: OWNER.username, password: OWNER.password });
  await ok(workstation, 'e2e-admin', 'users.create', {
    username: NURSE.username,
    displayName: NURSE.displayName,
    roles: ['nurse'],
    temporaryPassword: NURSE.temporaryPassword,
  });
  // The nurse enrolls an authenticator, then five wrong passwords (past each progressive delay) lock her out.
  await ok(workstation, 'e2e-nurse', 'auth.login', { username: NURSE.username, password: NURSE.temporaryPassword });
  await ok(workstation, 'e2e-nurse', 'auth.changePassword', {
    currentPassword: NURSE.temporaryPassword,
    newPassword: NURSE.password,
  });
  const { secret } = await ok<{ secret: string }>(workstation, 'e2e-nurse', 'mfa.beginEnrollment');
  await ok(workstation, 'e2e-nurse', 'mfa.confirmEnrollment', { code: totpCode(secret, clock) });
  await ok(workstation, 'e2e-nurse', 'auth.logout');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await workstation.endpoint.dispatch('e2e-nurse', 'auth.login', { username: NURSE.username, password: 'wrong' });
    clock.advance(10_000);
  }
  await ok(workstation, 'e2e-admin', 'auth.logout');

  await openSignedInAsOwner(page, rendererServer.url('/'));
  await mainNav(page).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('row', { name: new RegExp(NURSE.displayName) })).toContainText('Locked until');
  await page.getByRole('link', { name: NURSE.displayName }).click();

  await page.getByRole('button', { name: 'Unlock account' }).click();
  await expect(page.getByRole('status').first()).toHaveText(`${NURSE.displayName} can sign in again.`);
  await expect(page.getByRole('heading', { level: 1, name: NURSE.displayName })).toBeVisible();
  await expect(page.locator('.page-heading')).toContainText('Active');

  await page.getByLabel('Temporary password', { exact: true }).fill('Lagoon-Ember-Quill-58');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByText('Temporary: must be changed at next sign-in')).toBeVisible();

  await page.getByRole('button', { name: 'Deactivate account' }).click();
  const confirm = page.getByRole('group', { name: 'Deactivate account' });
  await expect(confirm.getByRole('button', { name: 'Deactivate' })).toBeFocused();
  await saveScreen(page, 'user-actions');
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.locator('.page-heading')).toContainText('Deactivated');
  await page.getByRole('button', { name: 'Reactivate account' }).click();
  await expect(page.locator('.page-heading')).toContainText('Active');

  // Resetting MFA needs step-up, which needs the admin's own authenticator: the dialog says so plainly.
  await page.getByRole('button', { name: 'Reset authenticator' }).click();
  await page
    .getByRole('group', { name: 'Reset authenticator' })
    .getByRole('button', { name: 'Reset authenticator' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog.getByRole('alert')).toContainText('your account does not have one set up yet');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert')).toContainText('confirm your password and authenticator code');
  await expectNoPageProblems(page, pageProblems);
});
