import { randomUUID } from 'node:crypto';
import type { Frame, Page } from '@playwright/test';
import { failure, type CommandResult } from '../../../shared/api/errors';
import { isTrustedSender, type FrameLike } from '../../../electron/main/ipc';
import { CLINIC_BINDING } from './bridge-names';

const REFUSED_MESSAGE = 'This request did not come from the Zahanati page and was refused.';
const CLOSED_MESSAGE = "The e2e host has shut this page's bridge down.";

/** The command side of the bridge: what Electron main registers with ipcMain, here called directly. */
export interface CommandEndpoint {
  dispatch(callerId: string, name: unknown, input: unknown): Promise<CommandResult<unknown>>;
  endSession(callerId: string): void;
}

export interface ClinicBridge {
  /** Refuses further calls and waits for those in flight, so core can close under no running command. */
  close(): Promise<void>;
}

/**
 * Gives the page the same window.clinic the preload gives the Electron window:
 * a binding into the workstation host's dispatch, then the init script (bundled from
 * shared/api/client.ts) that wraps it. Like registerCommandHandlers in
 * electron/main/ipc.ts, every call is checked to come from the app's top frame
 * and is dispatched with a caller id that belongs to this page alone.
 *
 * Must run before the page's first navigation: init scripts apply to documents
 * created afterwards. Playwright injects them through the DevTools protocol,
 * outside the page's CSP, as Electron injects the preload outside it.
 */
export async function bridgeClinic(
  page: Page,
  endpoint: CommandEndpoint,
  appOrigin: string,
  initScript: string,
): Promise<ClinicBridge> {
  const callerId = `e2e-page:${randomUUID()}`;
  const inFlight = new Set<Promise<unknown>>();
  let open = true;
  await page.exposeBinding(CLINIC_BINDING, ({ frame }: { frame: Frame }, ...args: unknown[]) => {
    if (!open) return failure('INTERNAL', CLOSED_MESSAGE);
    const call = dispatchFromPage(endpoint, callerId, frame, appOrigin, args);
    const settled = () => inFlight.delete(call);
    inFlight.add(call);
    // Both branches handled, so bookkeeping never turns a rejection into an unhandled one; the page still sees it.
    call.then(settled, settled);
    return call;
  });
  await page.addInitScript({ content: initScript });
  // Electron ends a window's session when its web contents are destroyed.
  page.once('close', () => endpoint.endSession(callerId));
  return {
    close: async () => {
      open = false;
      await Promise.allSettled([...inFlight]);
      endpoint.endSession(callerId);
    },
  };
}

function dispatchFromPage(
  endpoint: CommandEndpoint,
  callerId: string,
  frame: Frame,
  appOrigin: string,
  args: unknown[],
): Promise<CommandResult<unknown>> {
  if (!isTrustedSender(frameLikeOf(frame), [appOrigin])) return Promise.resolve(failure('FORBIDDEN', REFUSED_MESSAGE));
  if (args.length !== 2) {
    return Promise.resolve(failure('VALIDATION', 'A command takes a name and exactly one input object.'));
  }
  const [name, input] = args;
  return endpoint.dispatch(callerId, name, input);
}

/** The shape isTrustedSender reads, taken from a Playwright frame instead of Electron's WebFrameMain. */
function frameLikeOf(frame: Frame): FrameLike {
  const parent = frame.parentFrame();
  return { url: frame.url(), parent: parent === null ? null : frameLikeOf(parent), detached: frame.isDetached() };
}
