import type { Session, WebContents } from 'electron';

type WebContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

/**
 * The window shows only the app it was loaded with: no navigation (links, drag
 * and drop, redirects), no new windows, no <webview>.
 */
export function lockDownWebContents(contents: WebContentsLike): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Camera, microphone, geolocation, notifications…: the app asks for none, so every request is refused. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
