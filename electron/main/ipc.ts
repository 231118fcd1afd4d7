import type { IpcMainInvokeEvent } from 'electron';
import { ipcChannelFor } from '../../shared/api/client';
import { isCommandName } from '../../shared/api/contract';
import { failure, type CommandResult } from '../../shared/api/errors';

/** The parts of a frame the sender check reads; WebFrameMain satisfies it. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  /** True once the frame is gone; Electron then throws on reading its other properties. */
  readonly detached?: boolean;
  isDestroyed?(): boolean;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export type Dispatch = (callerId: string, name: string, input: unknown) => Promise<CommandResult<unknown>>;

const REFUSED_MESSAGE = 'This request did not come from the Zahanati window and was refused.';

/**
 * Only the top-level frame of our own app origin may call commands: not an
 * iframe, not a page that navigated elsewhere, not a destroyed frame.
 */
export function isTrustedSender(frame: FrameLike | null | undefined, trustedOrigins: readonly string[]): boolean {
  if (frame === null || frame === undefined) return false;
  let url: URL;
  try {
    // A disposed WebFrameMain throws on property access: that is a refusal, not a crash.
    if (frame.isDestroyed?.() === true || frame.detached === true || frame.parent !== null) return false;
    url = new URL(frame.url);
  } catch {
    return false;
  }
  // WHATWG gives custom schemes an opaque "null" origin, so compare scheme and host.
  const origin = `${url.protocol}//${url.host}`;
  return trustedOrigins.includes(origin);
}

/** One ipcMain handler per command of the contract, each checking its sender first. */
export function registerCommandHandlers(
  ipcMain: IpcMainLike,
  commandNames: Iterable<string>,
  dispatch: Dispatch,
  trustedOrigins: readonly string[],
): void {
  for (const name of commandNames) {
    if (!isCommandName(name)) throw new Error(`Command ${name} is not in the shared contract`);
    ipcMain.handle(ipcChannelFor(name), async (event, ...args) => {
      if (!isTrustedSender(event.senderFrame as FrameLike | null, trustedOrigins)) {
        return failure('FORBIDDEN', REFUSED_MESSAGE);
      }
      if (args.length !== 1) return failure('VALIDATION', 'A command takes exactly one input object.');
      return dispatch(`webcontents:${event.sender.id}`, name, args[0]);
    });
  }
}
