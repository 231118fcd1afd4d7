import { expect, type Page } from '@playwright/test';
import { CSP_REPORT_BINDING } from './bridge-names';

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sourceFile: string;
}

/** Everything that would show a broken screen or a policy hole, collected while a test runs. */
export interface PageProblems {
  readonly consoleErrors: string[];
  readonly uncaughtErrors: string[];
  readonly cspViolations: CspViolation[];
  readonly failedResponses: string[];
}

/** The few fields of SecurityPolicyViolationEvent the reporter reads (tests/ has no DOM lib). */
interface ViolationEventLike {
  effectiveDirective: string;
  blockedURI: string;
  sourceFile: string;
}

interface ViolationTarget {
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (event: ViolationEventLike) => void,
    capture: boolean,
  ): void;
}

/**
 * Starts collecting console errors, uncaught exceptions, failed responses and
 * CSP violations. Chromium also logs each violation to the console, but the
 * `securitypolicyviolation` event names the directive, so it is reported too.
 */
export async function watchPageProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], uncaughtErrors: [], cspViolations: [], failedResponses: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.uncaughtErrors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedResponses.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    problems.failedResponses.push(`${request.failure()?.errorText ?? 'failed'} ${request.url()}`);
  });
  await page.exposeBinding(CSP_REPORT_BINDING, (_source, violation: CspViolation) => {
    problems.cspViolations.push(violation);
  });
  await page.addInitScript(reportCspViolations, CSP_REPORT_BINDING);
  return problems;
}

/** Runs in the page (serialised by Playwright): forwards every violation to the test process. */
function reportCspViolations(bindingName: string): void {
  const pageGlobal = globalThis as unknown as ViolationTarget & Record<string, unknown>;
  const report = pageGlobal[bindingName] as (violation: CspViolation) => Promise<void>;
  pageGlobal.addEventListener(
    'securitypolicyviolation',
    (event) => {
      void report({ directive: event.effectiveDirective, blockedURI: event.blockedURI, sourceFile: event.sourceFile });
    },
    true,
  );
}

/**
 * Asserts the page stayed clean. Violation reports and console messages reach
 * the test process asynchronously, so one page round trip lets any that are
 * already queued arrive first.
 */
export async function expectNoPageProblems(page: Page, problems: PageProblems): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => setTimeout(resolve, 50)));
  expect(problems).toEqual({ consoleErrors: [], uncaughtErrors: [], cspViolations: [], failedResponses: [] });
}
