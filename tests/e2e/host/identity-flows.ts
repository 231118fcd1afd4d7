import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { generateSync } from 'otplib';
import { SCREENS_DIR } from './paths';
import type { TestClock, TestWorkstation } from './test-workstation';

/** The facility and owner every identity spec sets up; the password passes core's strength policy. */
export const ORGANIZATION = 'Kilifi County Department of Health';
export const FACILITY = { name: 'Kaloleni Dispensary', mflCode: '11432', county: 'Kilifi' } as const;
export const OWNER = {
  username: 'amina.owner',
  displayName: 'Amina Odhiambo',
  password: 'Mango-Harvest-Lantern-42',
} as const;

/** What the login screen says for both an unknown user and a wrong password. */
export const SIGN_IN_FAILED = 'The username or password is not correct.';

/**
 * Sets the facility up through core directly (setup.complete is public), for
 * specs that are about what comes after the wizard. The caller id is not the
 * page's, so the page itself stays signed out.
 */
export async function setUpFacility(workstation: TestWorkstation): Promise<void> {
  const result = await workstation.endpoint.dispatch('e2e-setup', 'setup.complete', {
    organizationName: ORGANIZATION,
    facility: FACILITY,
    owner: OWNER,
  });
  if (!result.ok) throw new Error(`setup.complete failed: ${result.code} ${result.message}`);
}

/** Fills the first-run wizard the way a person would. */
export async function completeSetupWizard(page: Page, onStep?: (step: 1 | 2) => Promise<void>): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Zahanati' })).toBeVisible();
  await page.getByLabel('Organisation name').fill(ORGANIZATION);
  await page.getByLabel('Facility name').fill(FACILITY.name);
  await page.getByLabel('MFL code').fill(FACILITY.mflCode);
  await page.getByLabel('County').selectOption(FACILITY.county);
  await onStep?.(1);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Owner’s username').fill(OWNER.username);
  await page.getByLabel('Owner’s full name').fill(OWNER.displayName);
  await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
  await page.getByLabel('Type the password again', { exact: true }).fill(OWNER.password);
  await onStep?.(2);
  await page.getByRole('button', { name: 'Finish setup' }).click();
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Sets the facility up, opens the app and signs the owner (no authenticator yet) in, up to the app frame. */
export async function openAsOwner(page: Page, url: string, workstation: TestWorkstation): Promise<void> {
  await setUpFacility(workstation);
  await openSignedInAsOwner(page, url);
}

/** Opens the app on an already set-up workstation and signs the owner in, up to the app frame. */
export async function openSignedInAsOwner(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await signIn(page, OWNER.username, OWNER.password);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** The code an authenticator app would show now, by core's clock. */
export function totpCode(secret: string, clock: TestClock): string {
  return generateSync({ secret: secret.replace(/\s+/g, ''), epoch: Math.floor(clock.now().getTime() / 1000) });
}

/** TOTP codes are single-use per 30 s step; moving core's clock on gives the next, unused one. */
export const TOTP_STEP_MS = 30_000;

/** Saves test-results/screens/<name>.png; `fullPage: false` for modal dialogs, whose backdrop covers the viewport only. */
export async function saveScreen(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`), fullPage });
}
