import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { makeTempDir } from '../../electron/core/testing/temp-dir';
import { installedElectronBinary, nativeStoreLoadsUnder } from './host/electron-binary';
import { completeSetupWizard, OWNER, signIn } from './host/identity-flows';
import { MAIN_ENTRY, packageVersion, REPO_ROOT, SCREENS_DIR } from './host/paths';

const electronBinary = installedElectronBinary();

const NO_BINARY =
  'Electron binary is not installed on this machine (it cannot be downloaded here); the browser host covers the renderer';
const NODE_ABI_STORE =
  'The SQLCipher native module is built for Node, not Electron (npm test builds it for Node); ' +
  'run `node scripts/native-abi.mjs electron && npx playwright test electron-launch` to run this spec';

/** The list reporter shows a skip as a bare "-"; printing the reason makes it say why. */
function skipSaying(reason: string): void {
  console.log(`skipped: ${reason}`);
  test.skip(true, reason);
}

test.describe('the real Electron app', () => {
  test('launches, titles its window Zahanati, sets up, signs in and shows About this workstation', async () => {
    if (electronBinary === null) return skipSaying(NO_BINARY);
    if (!nativeStoreLoadsUnder(electronBinary, REPO_ROOT)) return skipSaying(NODE_ABI_STORE);
    if (!existsSync(MAIN_ENTRY)) {
      throw new Error(`Electron main is not built (${MAIN_ENTRY} is missing). Run \`npx electron-vite build\` first.`);
    }
    const userData = makeTempDir('zahanati-electron-e2e-');
    try {
      // executablePath skips Playwright's Electron loader, which would append
      // --password-store=basic and so make safeStorage unusable on Linux, and
      // which would require('electron'), the call that tries to download.
      const app = await electron.launch({
        executablePath: electronBinary,
        args: [`--user-data-dir=${userData.path}`, REPO_ROOT],
        cwd: REPO_ROOT,
        env: electronEnvironment(),
      });
      try {
        const window = await app.firstWindow();
        await expect(window).toHaveTitle('Zahanati');
        // A fresh user data directory is a new workstation: first-run setup, then the owner signs in.
        await completeSetupWizard(window);
        await signIn(window, OWNER.username, OWNER.password);
        await window.getByRole('link', { name: 'About this workstation' }).click();
        await expect(window.getByTestId('app-version')).toHaveText(packageVersion());
        // The store lives under the user data directory this launch was given, not the developer's own.
        await expect(window.getByTestId('data-directory')).toContainText(userData.path);
        mkdirSync(SCREENS_DIR, { recursive: true });
        await window.screenshot({ path: join(SCREENS_DIR, 'electron-about.png') });
      } finally {
        await app.close();
      }
    } finally {
      userData.remove();
    }
  });
});

/** The built app, not the dev server: drop the variable electron-vite dev would set. */
function electronEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'ELECTRON_RENDERER_URL' && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value;
  }
  return env;
}
