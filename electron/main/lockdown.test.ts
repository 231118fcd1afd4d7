import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, lockDownWebContents } from './lockdown';

type WebContentsArg = Parameters<typeof lockDownWebContents>[0];
type SessionArg = Parameters<typeof denyAllPermissions>[0];
type WindowOpenHandler = Parameters<WebContentsArg['setWindowOpenHandler']>[0];
type PermissionRequestHandler = NonNullable<Parameters<SessionArg['setPermissionRequestHandler']>[0]>;
type PermissionCheckHandler = NonNullable<Parameters<SessionArg['setPermissionCheckHandler']>[0]>;

/** Stands in for WebContents: a real EventEmitter plus the window-open hook. */
class FakeWebContents extends EventEmitter {
  windowOpenHandler: WindowOpenHandler | undefined;

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
}

class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }
}

function lockedDown(): FakeWebContents {
  const contents = new FakeWebContents();
  lockDownWebContents(contents as unknown as WebContentsArg);
  return contents;
}

function cancellableEvent() {
  return { preventDefault: vi.fn(), defaultPrevented: false };
}

describe('lockDownWebContents', () => {
  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('cancels %s', (eventName) => {
    const contents = lockedDown();
    const event = cancellableEvent();
    expect(contents.listenerCount(eventName)).toBeGreaterThan(0);
    contents.emit(eventName, event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('cancels navigation even to the app itself (the app never navigates; it routes in-page)', () => {
    const contents = lockedDown();
    const event = cancellableEvent();
    contents.emit('will-navigate', event, 'app://zahanati/index.html');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window', () => {
    const contents = lockedDown();
    const handler = contents.windowOpenHandler;
    expect(handler).toBeDefined();
    for (const url of ['https://evil.example/', 'app://zahanati/index.html', 'about:blank']) {
      const details = {
        url,
        frameName: '',
        features: '',
        disposition: 'new-window',
        referrer: { url: '', policy: 'no-referrer' },
      } as unknown as Parameters<WindowOpenHandler>[0];
      expect(handler?.(details)).toEqual({ action: 'deny' });
    }
  });
});

describe('denyAllPermissions', () => {
  const session = new FakeSession();
  denyAllPermissions(session as unknown as SessionArg);

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem'])(
    'refuses a request for %s',
    (permission) => {
      const callback = vi.fn<(granted: boolean) => void>();
      const request = session.requestHandler as unknown as (
        contents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details: unknown,
      ) => void;
      expect(request).toBeTypeOf('function');
      request({}, permission, callback, { requestingUrl: 'app://zahanati/index.html' });
      expect(callback).toHaveBeenCalledTimes(1);
      expect(callback).toHaveBeenCalledWith(false);
    },
  );

  it.each(['media', 'geolocation', 'notifications', 'clipboard-sanitized-write', 'hid', 'serial', 'usb'])(
    'answers "no" when asked whether %s is granted',
    (permission) => {
      const check = session.checkHandler as unknown as (
        contents: unknown,
        permission: string,
        origin: string,
        details: unknown,
      ) => boolean;
      expect(check).toBeTypeOf('function');
      expect(check(null, permission, 'app://zahanati', {})).toBe(false);
    },
  );
});
