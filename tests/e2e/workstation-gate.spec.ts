import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PASSPHRASE_KEY_FILE } from '../../electron/core/workstation/host';
import { expect, test } from './host/fixtures';
import { expectNoPageProblems } from './host/page-problems';
import { SCREENS_DIR } from './host/paths';

test.describe('a workstation started for the first time, without an OS keychain', () => {
  test.use({ workstationStart: 'new' });

  test('asks for a new workstation passphrase, then opens the records', async ({
    page,
    pageProblems,
    rendererServer,
    workstation,
  }) => {
    await page.goto(rendererServer.url('/'));
    await expect(page.getByRole('heading', { level: 1, name: 'Protect this workstation' })).toBeVisible();
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'workstation-new-passphrase.png'), fullPage: true });

    const passphrase = 'mango tree by the river 2026';
    await page.getByLabel('New workstation passphrase').fill(passphrase);
    await page.getByLabel('Type it again').fill(passphrase);
    await page.getByRole('button', { name: 'Protect workstation' }).click();

    // Records open; a workstation never set up goes on to the first-run setup.
    await expect(page.getByRole('heading', { level: 1, name: 'Set up Zahanati' })).toBeVisible();
    expect(workstation.host.status()).toEqual({ state: 'open' });
    expect(existsSync(join(workstation.dataDir, PASSPHRASE_KEY_FILE))).toBe(true);
    await expectNoPageProblems(page, pageProblems);
  });
});

test.describe('a workstation restarted after setup, without an OS keychain', () => {
  test.use({ workstationStart: 'locked' });

  test('refuses a wrong passphrase and opens with the right one', async ({
    page,
    pageProblems,
    rendererServer,
    workstation,
    clock,
  }) => {
    await page.goto(rendererServer.url('/'));
    await expect(page.getByRole('heading', { level: 1, name: 'Unlock this workstation' })).toBeVisible();
    mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, 'workstation-unlock.png'), fullPage: true });

    const passphraseField = page.getByLabel('Workstation passphrase');
    await passphraseField.fill('not the passphrase at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('passphrase is not correct');
    expect(workstation.host.status()).toEqual({ state: 'needs-passphrase' });

    // A wrong passphrase delays the next attempt by a second: move the host's clock past it rather than wait.
    clock.advance(2_000);
    await passphraseField.fill(workstation.passphrase ?? '');
    await page.getByRole('button', { name: 'Unlock' }).click();
    // Unlocking derives the key with argon2id (64 MiB): allow for a loaded machine.
    await expect(page.getByRole('heading', { level: 1, name: 'Set up Zahanati' })).toBeVisible({ timeout: 20_000 });
    expect(workstation.host.status()).toEqual({ state: 'open' });
    await expectNoPageProblems(page, pageProblems);
  });
});
