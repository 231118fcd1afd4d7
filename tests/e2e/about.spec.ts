import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { commandNames } from '../../shared/api/contract';
import { contentSecurityPolicy } from '../../electron/main/csp';
import { CLINIC_BINDING } from './host/bridge-names';
import { expect, test } from './host/fixtures';
import { openAsOwner } from './host/identity-flows';
import { expectNoPageProblems } from './host/page-problems';
import { packageVersion, SCREENS_DIR } from './host/paths';
import type { TestWorkstation } from './host/test-workstation';

/** What page-side code sees as globals; the page runs without this file's types, so it is only a cast. */
type PageGlobals = Record<string, unknown>;
type PageInvoke = (name: string, input: unknown) => Promise<unknown>;
type PageClinic = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

async function openAboutThroughNavigation(page: Page, homeUrl: string, workstation: TestWorkstation): Promise<void> {
  await openAsOwner(page, homeUrl, workstation);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'About this workstation' }).click();
  await expect(page).toHaveURL(/#\/about$/);
  await expect(page.getByRole('heading', { level: 1, name: 'About this workstation' })).toBeVisible();
}

test('About this workstation shows the facts of the real encrypted store', async ({
  page,
  pageProblems,
  rendererServer,
  workstation,
}) => {
  await openAboutThroughNavigation(page, rendererServer.url('/'), workstation);

  const { store } = workstation.core();
  await expect(page.getByTestId('app-version')).toHaveText(packageVersion());
  await expect(page.getByTestId('schema-version')).toHaveText(String(store.schemaVersion));
  expect(store.schemaVersion).toBeGreaterThan(0);
  await expect(page.getByTestId('sqlcipher-version')).toHaveText(store.sqlcipherVersion);
  expect(store.sqlcipherVersion).toMatch(/SQLCipher.*\d+\.\d+/);
  await expect(page.getByTestId('data-directory')).toHaveText(workstation.dataDir);
  await expect(page.getByTestId('key-protection')).toHaveText('Workstation passphrase');

  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, 'about.png'), fullPage: true });

  await expectNoPageProblems(page, pageProblems);
  expect(workstation.log).toEqual([]);
});

test('window.clinic is exactly the shared contract, and the page cannot replace it', async ({
  page,
  rendererServer,
}) => {
  await page.goto(rendererServer.url('/'));

  const methods = await page.evaluate(() => {
    const clinic = (globalThis as unknown as PageGlobals)['clinic'] as PageClinic;
    return Object.entries(clinic).flatMap(([namespace, group]) =>
      Object.entries(group).map(([method, fn]) => `${namespace}.${method}:${typeof fn}`),
    );
  });
  expect(methods.sort()).toEqual([...commandNames].sort().map((name) => `${name}:function`));

  const tampering = await page.evaluate(() => {
    const original = (globalThis as unknown as PageGlobals)['clinic'] as PageClinic;
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'clinic');
    return {
      replaced: Reflect.set(globalThis, 'clinic', {}),
      deleted: Reflect.deleteProperty(globalThis, 'clinic'),
      stillOriginal: (globalThis as unknown as PageGlobals)['clinic'] === original,
      writable: descriptor?.writable,
      configurable: descriptor?.configurable,
      frozen: Object.isFrozen(original) && Object.values(original).every((group) => Object.isFrozen(group)),
    };
  });
  expect(tampering).toEqual({
    replaced: false,
    deleted: false,
    stillOriginal: true,
    writable: false,
    configurable: false,
    frozen: true,
  });
});

test('the bridge refuses unknown commands, invalid input and foreign documents with typed errors', async ({
  page,
  rendererServer,
}) => {
  await page.goto(rendererServer.url('/'));

  const unknown = await page.evaluate(
    (binding) => ((globalThis as unknown as PageGlobals)[binding] as PageInvoke)('system.formatDisk', {}),
    CLINIC_BINDING,
  );
  expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_COMMAND' });

  const invalid = await page.evaluate(() => {
    const clinic = (globalThis as unknown as PageGlobals)['clinic'] as PageClinic;
    return clinic['system']?.['about']?.({ unexpected: true });
  });
  expect(invalid).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(invalid).toHaveProperty('issues');

  const valid = await page.evaluate(() => {
    const clinic = (globalThis as unknown as PageGlobals)['clinic'] as PageClinic;
    return clinic['system']?.['about']?.({});
  });
  expect(valid).toMatchObject({ ok: true, value: { appVersion: packageVersion() } });

  // Like the IPC sender check, a document that is not the app's own is refused.
  await page.goto('about:blank');
  const foreign = await page.evaluate(
    (binding) => ((globalThis as unknown as PageGlobals)[binding] as PageInvoke)('system.about', {}),
    CLINIC_BINDING,
  );
  expect(foreign).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});

test('the page runs under the app’s real CSP, which blocks inline script', async ({
  page,
  pageProblems,
  rendererServer,
}) => {
  const response = await page.goto(rendererServer.url('/'));
  expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicy());
  // window.clinic came from an init script yet exists under script-src 'self': init scripts bypass page CSP.
  expect(await page.evaluate(() => typeof (globalThis as unknown as PageGlobals)['clinic'])).toBe('object');

  const inlineRan = await page.evaluate(async () => {
    const pageGlobals = globalThis as unknown as PageGlobals;
    const pageDocument = pageGlobals['document'] as {
      createElement(tag: 'script'): { textContent: string };
      head: { append(node: unknown): void };
    };
    const script = pageDocument.createElement('script');
    script.textContent = 'globalThis.__inlineScriptRan = true;';
    pageDocument.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return pageGlobals['__inlineScriptRan'] === true;
  });
  expect(inlineRan).toBe(false);
  await expect
    .poll(() => pageProblems.cspViolations)
    .toContainEqual(expect.objectContaining({ directive: 'script-src-elem', blockedURI: 'inline' }));
});
