import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Playwright cannot download its own browsers on the build machines (no
 * internet), so the suite drives Debian's Chromium where it is installed and
 * otherwise whatever `npx playwright install` put in place. Nothing here ever
 * downloads a browser.
 */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * `--no-sandbox`: the tests run as root in CI containers, where Chromium
 * refuses to start sandboxed. The rest keep the browser quiet and offline:
 * no GPU probing, no update or sync traffic, no first-run UI.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const executablePathOption = existsSync(DEBIAN_CHROMIUM) ? { executablePath: DEBIAN_CHROMIUM } : {};

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/artifacts',
  reporter: 'list',
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    // The Electron window's size (electron/main/window.ts), so screenshots match the app.
    viewport: { width: 1366, height: 768 },
    // Never bypassCSP: the page must run under the app's real policy.
    bypassCSP: false,
    launchOptions: { ...executablePathOption, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
