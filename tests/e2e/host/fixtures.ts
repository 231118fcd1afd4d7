import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { contentSecurityPolicy } from '../../../electron/main/csp';
import { bridgeClinic } from './clinic-bridge';
import { buildClinicInitScript } from './clinic-init-script';
import { watchPageProblems, type PageProblems } from './page-problems';
import { packageVersion, RENDERER_DIR } from './paths';
import { startRendererServer, type RendererServer } from './renderer-server';
import {
  createTestClock,
  startTestWorkstation,
  type TestClock,
  type TestWorkstation,
  type WorkstationStart,
} from './test-workstation';

interface WorkerFixtures {
  /** The built renderer on loopback, with the app's production CSP. One per worker. */
  rendererServer: RendererServer;
  /** window.clinic's init script, bundled once per worker from the shared contract. */
  clinicInitScript: string;
}

interface TestFixtures {
  /** Option: how the workstation is when the page opens (`test.use({ workstationStart: 'new' })`). */
  workstationStart: WorkstationStart;
  /** Core's clock: real time that a test may move forward (`clock.advance(ms)`). */
  clock: TestClock;
  /** A real workstation host and core on a fresh data directory, new for every test. */
  workstation: TestWorkstation;
  /** Console errors, uncaught errors, failed requests and CSP violations of `page`. */
  pageProblems: PageProblems;
}

/**
 * Playwright's `test`, with `page` bridged to a real workstation: the page sees
 * window.clinic exactly as the Electron window does, served under the same CSP.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  // Playwright reads each fixture's dependencies from its first parameter, which
  // must be an object pattern even when empty, hence the no-empty-pattern waivers.
  rendererServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      assertRendererBuilt();
      const server = await startRendererServer(RENDERER_DIR, contentSecurityPolicy());
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],

  clinicInitScript: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(await buildClinicInitScript());
    },
    { scope: 'worker' },
  ],

  workstationStart: ['unlocked', { option: true }],

  // eslint-disable-next-line no-empty-pattern
  clock: async ({}, use) => {
    await use(createTestClock());
  },

  workstation: async ({ workstationStart, clock }, use) => {
    const workstation = await startTestWorkstation(packageVersion(), workstationStart, clock);
    await use(workstation);
    workstation.close();
  },

  pageProblems: async ({ page }, use) => {
    await use(await watchPageProblems(page));
  },

  page: async ({ page, workstation, rendererServer, clinicInitScript }, use) => {
    const bridge = await bridgeClinic(page, workstation.endpoint, rendererServer.origin, clinicInitScript);
    await use(page);
    // `page` depends on the workstation, so this runs before it closes: no command is cut off mid-transaction.
    await bridge.close();
  },
});

export { expect };

function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `The renderer is not built (${join(RENDERER_DIR, 'index.html')} is missing). ` +
        'Run `npx electron-vite build` first; `npm test` and `npm run test:e2e` do that before Playwright.',
    );
  }
}
