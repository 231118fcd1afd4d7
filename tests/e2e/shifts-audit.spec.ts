import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { CommandResult } from '../../shared/api/errors';
import { expect, test } from './host/fixtures';
import {
  OWNER,
  SIGN_IN_FAILED,
  TOTP_STEP_MS,
  openSignedInAsOwner,
  saveScreen,
  setUpFacility,
  signIn,
  totpCode,
} from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';
import type { TestClock, TestWorkstation } from './host/test-workstation';

// The clinic's own time zone, so the times typed and shown are those a Kenyan facility sees (UTC+3, no DST).
test.use({ timezoneId: 'Africa/Nairobi' });
const NAIROBI_OFFSET_MS = 3 * 60 * 60_000;

const NURSE = {
  username: 'jane.wanjiru',
  displayName: 'Jane Wanjiru',
  temporaryPassword: 'Tide-Pebble-Orchid-93',
  password: 'Savanna-Copper-Violin-27',
} as const;
const CLINICIAN = {
  username: 'peter.mwangi',
  displayName: 'Peter Mwangi',
  temporaryPassword: 'Basalt-Meadow-Kettle-61',
} as const;

/** What core's clinic-facing refusal says when there is no shift to clock in to (electron/core/shifts). */
const NO_SHIFT_NOW = 'You have no shift scheduled now.';

/** Core's side of a command, for the accounts and shifts a spec needs but is not about. */
async function ok<T>(workstation: TestWorkstation, caller: string, name: string, input: unknown = {}): Promise<T> {
  const result: CommandResult<unknown> = await workstation.endpoint.dispatch(caller, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.code} ${result.message}`);
  return result.value as T;
}

const ADMIN = 'e2e-admin';

/** Sets up the facility and signs the owner in through core (another caller than the page). */
async function asOwnerThroughCore(workstation: TestWorkstation): Promise<void> {
  await setUpFacility(workstation);
  await ok(workstation, ADMIN, 'auth.login', { username: OWNER.username, password: OWNER.password });
}

/** Creates the nurse and has her choose her own password, so she signs in straight to the app. */
async function createNurse(workstation: TestWorkstation): Promise<string> {
  const { id } = await ok<{ id: string }>(workstation, ADMIN, 'users.create', {
    username: NURSE.username,
    displayName: NURSE.displayName,
    roles: ['nurse'],
    temporaryPassword: NURSE.temporaryPassword,
  });
  await ok(workstation, 'e2e-nurse', 'auth.login', { username: NURSE.username, password: NURSE.temporaryPassword });
  await ok(workstation, 'e2e-nurse', 'auth.changePassword', {
    currentPassword: NURSE.temporaryPassword,
    newPassword: NURSE.password,
  });
  await ok(workstation, 'e2e-nurse', 'auth.logout');
  return id;
}

/** Enrolls the owner's authenticator through core; returns its secret for later codes. */
async function enrollOwner(workstation: TestWorkstation, clock: TestClock): Promise<string> {
  const { secret } = await ok<{ secret: string }>(workstation, ADMIN, 'mfa.beginEnrollment');
  await ok(workstation, ADMIN, 'mfa.confirmEnrollment', { code: totpCode(secret, clock) });
  return secret;
}

/** A Nairobi wall-clock moment as the page's date and time inputs take it. */
function nairobiInputs(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + NAIROBI_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** A Nairobi wall-clock day and time as an ISO string with the offset, as the renderer sends it. */
function nairobiIso(date: string, time: string): string {
  return `${date}T${time}:00+03:00`;
}

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Main' });
}

function shiftPanel(page: Page) {
  return page.getByRole('region', { name: 'Your shift' });
}

test('a manager schedules a nurse’s shift; the nurse clocks in and out from the home screen', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await asOwnerThroughCore(workstation);
  await createNurse(workstation);
  // A shift that began half an hour ago and runs eight hours (past midnight, if that is where it ends).
  const start = nairobiInputs(new Date(clock.now().getTime() - 30 * 60_000));
  const end = nairobiInputs(new Date(clock.now().getTime() + 7.5 * 60 * 60_000));
  // Someone else on the rota the same day, so the week shows more than one shift: a weekly night shift.
  const { id: clinicianId } = await ok<{ id: string }>(workstation, ADMIN, 'users.create', {
    username: CLINICIAN.username,
    displayName: CLINICIAN.displayName,
    roles: ['clinician'],
    temporaryPassword: CLINICIAN.temporaryPassword,
  });
  await ok(workstation, ADMIN, 'shifts.schedule', {
    userId: clinicianId,
    startsAt: nairobiIso(start.date, '22:00'),
    endsAt: nairobiIso(addDays(start.date, 1), '06:00'),
    repeatWeeklyUntil: nairobiIso(addDays(start.date, 28), '23:59'),
  });
  await ok(workstation, ADMIN, 'auth.logout');

  await openSignedInAsOwner(page, rendererServer.url('/'));
  // The owner's role needs no shift: home says so, and the header shows no clock-in state.
  await expect(shiftPanel(page)).toContainText('No shift needed for your role.');
  await expect(page.getByTestId('shift-chip')).toHaveCount(0);

  await mainNav(page).getByRole('link', { name: 'Shift schedule' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Shift schedule' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Schedule a shift' });
  await form.getByLabel('Staff member').selectOption({ label: `${NURSE.displayName} (Nurse)` });
  await form.getByLabel('Date').fill(start.date);
  await form.getByLabel('Starts at').fill(start.time);
  await form.getByLabel('Ends at').fill(end.time);
  await expect(page.getByTestId('shift-summary')).toContainText('(8 hours)');
  await form.getByRole('button', { name: 'Schedule shift' }).click();

  await expect(form.getByRole('status')).toContainText(`Scheduled ${NURSE.displayName}:`);
  const nurseRow = page.getByRole('row', { name: new RegExp(NURSE.displayName) });
  await expect(nurseRow).toContainText(`${start.time}–${end.time}`);
  await expect(nurseRow).toContainText('Once');
  await saveScreen(page, 'shift-schedule');

  // Cancelling a weekly shift says that every week goes, and asks first.
  const clinicianRow = page.getByRole('row', { name: new RegExp(CLINICIAN.displayName) });
  await expect(clinicianRow).toContainText('Every');
  await clinicianRow.getByRole('button', { name: 'Cancel shift' }).click();
  const confirm = clinicianRow.getByRole('group', { name: 'Cancel shift' });
  await expect(confirm).toContainText('cancels every week');
  await expect(confirm.getByRole('button', { name: 'Cancel the shift' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel the shift' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'weekly shift' })).toContainText(
    `${CLINICIAN.displayName}’s weekly shift 22:00–06:00 next day is cancelled.`,
  );
  await expect(clinicianRow).toHaveCount(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, NURSE.username, NURSE.password);
  await expect(shiftPanel(page)).toBeVisible();
  await expect(page.getByTestId('shift-state')).toHaveText(
    `You can clock in now (shift ${start.time}–${end.time}${end.date === start.date ? '' : ' next day'}).`,
  );
  await expect(page.getByTestId('shift-chip')).toHaveText('Not clocked in: shift open');

  const before = nairobiInputs(clock.now()).time;
  await shiftPanel(page).getByRole('button', { name: 'Clock in' }).click();
  await expect(page.getByTestId('shift-state')).toContainText('Clocked in since');
  const after = nairobiInputs(clock.now()).time;
  await expect(page.getByTestId('shift-state')).toHaveText(
    new RegExp(`^Clocked in since (${before}|${after}), until ${end.time}`),
  );
  await expect(page.getByTestId('shift-chip')).toHaveText(`On shift until ${end.time}`);
  await saveScreen(page, 'clock-in');

  await shiftPanel(page).getByRole('button', { name: 'Clock out' }).click();
  await expect(page.getByTestId('shift-state')).toContainText('You can clock in now');
  await expect(shiftPanel(page).getByRole('button', { name: 'Clock in' })).toBeVisible();
  await expectNoPageProblems(page, pageProblems);
});

test('clocking in outside any shift is refused with core’s message, which says how to fix it', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await asOwnerThroughCore(workstation);
  const nurseId = await createNurse(workstation);
  // Her only shift is tomorrow morning.
  const tomorrow = nairobiInputs(new Date(clock.now().getTime() + 24 * 60 * 60_000)).date;
  await ok(workstation, ADMIN, 'shifts.schedule', {
    userId: nurseId,
    startsAt: nairobiIso(tomorrow, '08:00'),
    endsAt: nairobiIso(tomorrow, '16:00'),
    repeatWeeklyUntil: null,
  });
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  await signIn(page, NURSE.username, NURSE.password);
  await expect(page.getByTestId('shift-state')).toHaveText(
    'Not clocked in — your next shift is tomorrow, 08:00–16:00.',
  );
  await expect(page.getByTestId('shift-chip')).toHaveText('Not clocked in');

  await shiftPanel(page).getByRole('button', { name: 'Clock in' }).click();
  const refusal = shiftPanel(page).getByRole('alert');
  await expect(refusal).toContainText(NO_SHIFT_NOW);
  await expect(refusal).toContainText('ask a manager to schedule one');
  await expect(refusal).toBeFocused();
  // Still not clocked in; the panel re-read the shift after the refusal.
  await expect(page.getByTestId('shift-state')).toContainText('Not clocked in');
  await saveScreen(page, 'blocked-clock-in');

  // The refusal is in the audit trail too.
  await ok(workstation, ADMIN, 'auth.login', { username: OWNER.username, password: OWNER.password });
  const entries = await ok<{ entries: { command: string; outcome: string; errorCode: string | null }[] }>(
    workstation,
    ADMIN,
    'audit.search',
    { filter: { userId: nurseId }, limit: 50 },
  );
  expect(entries.entries).toContainEqual(
    expect.objectContaining({ command: 'shifts.clockIn', outcome: 'failed', errorCode: 'NO_ACTIVE_SHIFT' }),
  );
  await expectNoPageProblems(page, pageProblems);
});

test('the audit trail: a failed sign-in found by action, exported as CSV after step-up, the chain verified', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await asOwnerThroughCore(workstation);
  const secret = await enrollOwner(workstation, clock);
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  await signIn(page, OWNER.username, 'not-the-right-password');
  await expect(page.getByRole('alert')).toHaveText(SIGN_IN_FAILED);
  clock.advance(TOTP_STEP_MS); // past the progressive delay, and to a fresh authenticator code
  await signIn(page, OWNER.username, OWNER.password);
  await page.getByLabel('6-digit code').fill(totpCode(secret, clock));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(mainNav(page)).toBeVisible();

  await mainNav(page).getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByTestId('audit-count')).toContainText('Showing 1–');

  const filters = page.getByRole('form', { name: 'Filter the audit trail' });
  await filters.getByLabel('Action').selectOption('FAILED_LOGIN');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('audit-count')).toHaveText('Showing 1–1 of 1 entry.');
  const rows = page.getByRole('table', { name: 'Audit trail' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('FAILED_LOGIN');
  await expect(rows.first()).toContainText('auth.login');
  await expect(rows.first()).toContainText(OWNER.displayName);
  await expect(rows.first()).toContainText('Failed');
  await expect(rows.first()).toContainText('UNAUTHENTICATED');

  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('verify-result')).toContainText(/Intact — \d+ entries checked/);

  // Export is high-risk: core asks for step-up, and the download starts once the owner confirms.
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  await expect(dialog).toBeVisible();
  clock.advance(TOTP_STEP_MS);
  await dialog.getByLabel('Your password', { exact: true }).fill(OWNER.password);
  await dialog.getByLabel('6-digit code from your authenticator').fill(totpCode(secret, clock));
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^zahanati-audit-[\d-]+\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  expect(header).toBe(
    'occurredAt,workstationId,userId,userName,command,action,resourceType,resourceId,purpose,outcome,errorCode',
  );
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(',auth.login,FAILED_LOGIN,');
  await expect(page.getByRole('status').filter({ hasText: 'Exported 1 entry to' })).toBeVisible();
  await saveScreen(page, 'audit-search');

  // The export is itself in the trail: first refused for want of step-up, then allowed.
  await filters.getByLabel('Action').selectOption('EXPORT');
  await filters.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('audit-count')).toHaveText('Showing 1–2 of 2 entries.');
  await expect(rows.nth(0)).toContainText('audit.export');
  await expect(rows.nth(0)).toContainText('Allowed');
  await expect(rows.nth(0)).toContainText('export of 1 entries');
  await expect(rows.nth(1)).toContainText('STEP_UP_REQUIRED');

  // Purging removes only entries past retention: on a new workstation there are none. The step-up above still counts.
  await page.getByRole('button', { name: 'Purge expired entries' }).click();
  await page.getByRole('group', { name: 'Purge expired entries' }).getByRole('button', { name: 'Purge them' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'nothing was removed' })).toBeVisible();
  await expectNoPageProblems(page, pageProblems);
});

test('three failed sign-ins raise a security alert on the owner’s home screen, which the owner acknowledges', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
  clock,
}) => {
  await asOwnerThroughCore(workstation);
  await createNurse(workstation);
  await ok(workstation, ADMIN, 'auth.logout');

  await page.goto(rendererServer.url('/'));
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await signIn(page, NURSE.username, 'not-her-password');
    await expect(page.getByRole('alert')).toHaveText(SIGN_IN_FAILED);
    clock.advance(10_000); // past the progressive delay
  }

  await openSignedInAsOwner(page, rendererServer.url('/'));
  const alerts = page.getByRole('region', { name: /Security alerts/ });
  await expect(alerts).toBeVisible();
  const alert = alerts.getByRole('listitem', { name: 'Repeated failed sign-ins' });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText('3 failed sign-in attempts within 15 minutes');
  await expect(alert).toContainText(NURSE.displayName);
  await expect(alerts.getByRole('heading', { level: 2 })).toContainText('1 open');
  await saveScreen(page, 'security-alerts');

  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert.getByLabel('Note (optional)')).toBeFocused();
  await alert.getByLabel('Note (optional)').fill('Jane forgot her new password; she has it again.');
  await alert.getByRole('button', { name: 'Acknowledge alert' }).click();
  await expect(alerts).toContainText('No open security alerts.');

  await alerts.getByRole('link', { name: 'All alerts, including acknowledged' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Security alerts' })).toBeVisible();
  const acknowledged = page.getByRole('listitem', { name: 'Repeated failed sign-ins' });
  await expect(acknowledged).toContainText('Acknowledged');
  await expect(acknowledged).toContainText(`by ${OWNER.displayName}`);
  await expect(acknowledged).toContainText('Jane forgot her new password');
  await expect(page.getByLabel('Failed sign-ins within 15 minutes')).toHaveValue('3');
  await saveScreen(page, 'security-alerts-all');
  await expectNoPageProblems(page, pageProblems);
});

/** "2026-03-12" plus n days, as a date input value. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 24 * 60 * 60_000).toISOString().slice(0, 10);
}
