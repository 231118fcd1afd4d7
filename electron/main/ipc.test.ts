import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { CommandResult } from '../../shared/api/errors';
import { commandNames } from '../../shared/api/contract';
import { isTrustedSender, registerCommandHandlers, type Dispatch, type FrameLike, type IpcMainLike } from './ipc';
import { APP_ENTRY_URL, APP_ORIGIN } from './protocol';

const TRUSTED = [APP_ORIGIN];

function topFrame(url: string): FrameLike {
  return { url, parent: null };
}

/** A frame Electron has disposed: reading it throws, as WebFrameMain does. */
function disposedFrame(): FrameLike {
  return {
    get url(): string {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    },
    get parent(): FrameLike | null {
      throw new Error('Render frame was disposed before WebFrameMain could be accessed');
    },
  };
}

describe('isTrustedSender', () => {
  it("trusts the top frame of the app's own origin, whatever page of it", () => {
    expect(isTrustedSender(topFrame(APP_ENTRY_URL), TRUSTED)).toBe(true);
    expect(isTrustedSender(topFrame('app://zahanati/'), TRUSTED)).toBe(true);
    expect(isTrustedSender(topFrame('app://zahanati/index.html#/about'), TRUSTED)).toBe(true);
  });

  it('refuses an iframe even when it is of the app origin', () => {
    const frame: FrameLike = { url: APP_ENTRY_URL, parent: topFrame(APP_ENTRY_URL) };
    expect(isTrustedSender(frame, TRUSTED)).toBe(false);
  });

  it.each([
    'https://evil.example/',
    'http://zahanati/',
    'file:///opt/Zahanati/resources/app.asar/out/renderer/index.html',
    'app://zahanati.evil.example/index.html',
    'app://zahanati:8080/index.html',
    'app://evil/index.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
  ])('refuses a top frame at %s', (url) => {
    expect(isTrustedSender(topFrame(url), TRUSTED)).toBe(false);
  });

  it('refuses a frame whose URL cannot be parsed', () => {
    expect(isTrustedSender(topFrame('not a url'), TRUSTED)).toBe(false);
    expect(isTrustedSender(topFrame(''), TRUSTED)).toBe(false);
  });

  it('refuses a missing, destroyed, detached or disposed frame', () => {
    expect(isTrustedSender(null, TRUSTED)).toBe(false);
    expect(isTrustedSender(undefined, TRUSTED)).toBe(false);
    expect(isTrustedSender({ ...topFrame(APP_ENTRY_URL), isDestroyed: () => true }, TRUSTED)).toBe(false);
    expect(isTrustedSender({ ...topFrame(APP_ENTRY_URL), detached: true }, TRUSTED)).toBe(false);
    expect(isTrustedSender(disposedFrame(), TRUSTED)).toBe(false);
  });

  it('trusts the dev server only when it is listed', () => {
    const dev = topFrame('http://localhost:5173/');
    expect(isTrustedSender(dev, TRUSTED)).toBe(false);
    expect(isTrustedSender(dev, [APP_ORIGIN, 'http://localhost:5173'])).toBe(true);
  });
});

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  readonly registrations: string[] = [];

  handle(channel: string, listener: Handler): void {
    this.registrations.push(channel);
    this.handlers.set(channel, listener);
  }

  invoke(channel: string, sender: { frame: FrameLike | null; id: number }, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    const event = { senderFrame: sender.frame, sender: { id: sender.id } } as unknown as IpcMainInvokeEvent;
    return handler(event, ...args);
  }
}

const OK: CommandResult<unknown> = { ok: true, value: { answer: 42 } };

function setUp() {
  const ipcMain = new FakeIpcMain();
  const dispatch = vi.fn<Dispatch>(async () => OK);
  registerCommandHandlers(ipcMain, commandNames, dispatch, TRUSTED);
  return { ipcMain, dispatch };
}

const window7 = { frame: topFrame(APP_ENTRY_URL), id: 7 };

describe('registerCommandHandlers', () => {
  it('registers exactly one clinic:<name> channel per command of the contract', () => {
    const { ipcMain } = setUp();
    const expected = commandNames.map((name) => `clinic:${name}`);
    expect(expected.length).toBeGreaterThan(0);
    expect([...ipcMain.registrations].sort()).toEqual([...expected].sort());
    expect(new Set(ipcMain.registrations).size).toBe(ipcMain.registrations.length);
  });

  it('passes a trusted call to the dispatcher with the window as caller', async () => {
    const { ipcMain, dispatch } = setUp();
    const input = { some: 'input' };
    await expect(ipcMain.invoke('clinic:system.about', window7, input)).resolves.toEqual(OK);
    expect(dispatch).toHaveBeenCalledTimes(1);
    expect(dispatch).toHaveBeenCalledWith('webcontents:7', 'system.about', input);
  });

  it.each([
    ['an iframe', { url: APP_ENTRY_URL, parent: topFrame(APP_ENTRY_URL) }],
    ['another origin', topFrame('https://evil.example/')],
    ['a file:// page', topFrame('file:///etc/passwd')],
    ['a destroyed frame', disposedFrame()],
    ['no frame', null],
  ] as const)('refuses %s with FORBIDDEN and never dispatches', async (_label, frame) => {
    const { ipcMain, dispatch } = setUp();
    const result = await ipcMain.invoke('clinic:system.about', { frame, id: 7 }, {});
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call with no argument or more than one with VALIDATION and never dispatches', async () => {
    const { ipcMain, dispatch } = setUp();
    await expect(ipcMain.invoke('clinic:system.about', window7)).resolves.toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    await expect(ipcMain.invoke('clinic:system.about', window7, {}, { extra: true })).resolves.toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('checks the sender before anything else: an untrusted call with bad arguments is FORBIDDEN', async () => {
    const { ipcMain, dispatch } = setUp();
    const result = await ipcMain.invoke('clinic:system.about', { frame: topFrame('https://evil.example/'), id: 9 });
    expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(dispatch).not.toHaveBeenCalled();
  });
});
