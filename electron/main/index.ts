import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { StoreError } from '../core/db/errors';
import { WorkstationHost } from '../core/workstation/host';
import { contentSecurityPolicy } from './csp';
import { registerCommandHandlers } from './ipc';
import { denyAllPermissions, lockDownWebContents } from './lockdown';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, appResponseHeaders, resolveAppAsset } from './protocol';
import { isSafeStorageUsable, SafeStorageKeyProvider } from './safe-storage-key-provider';
import { mainWindowOptions } from './window';

const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const rendererDir = join(__dirname, '../renderer');
const preloadPath = join(__dirname, '../preload/index.cjs');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
// A crash dump holds process memory, which may hold patient data: never write one.
app.commandLine.appendSwitch('disable-crash-reporter');

if (!app.requestSingleInstanceLock()) {
  // A second process on the same encrypted store would race the first one.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  // No default menu: its View entries would offer reload and developer tools.
  if (app.isPackaged) Menu.setApplicationMenu(null);
  const keychainUsable = isSafeStorageUsable(safeStorage, process.platform);
  const host = await WorkstationHost.start({
    dataDir: join(app.getPath('userData'), 'data'),
    appVersion: app.getVersion(),
    // Without a usable keychain the renderer asks for the workstation passphrase instead.
    osKeychain: keychainUsable ? (keyFile) => new SafeStorageKeyProvider(keyFile, safeStorage) : null,
    logger: { error: (event, fields) => console.error(event, fields) },
    // Offline for days is normal: the loop retries with backoff and syncs as soon as the link returns.
    startSync: true,
  });
  serveRenderer(contentSecurityPolicy(devServerUrl));
  denyAllPermissions(session.defaultSession);
  const trustedOrigins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];
  registerCommandHandlers(
    ipcMain,
    host.commandNames,
    (callerId, name, input) => host.dispatch(callerId, name, input),
    trustedOrigins,
  );
  await openMainWindow(host);
  app.on('window-all-closed', () => {
    host.close();
    app.quit();
  });
}

function serveRenderer(csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: appResponseHeaders(file, csp) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  if (devServerUrl) {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
}

async function openMainWindow(host: WorkstationHost): Promise<void> {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, { devTools: !app.isPackaged }));
  const callerId = `webcontents:${window.webContents.id}`;
  window.webContents.on('destroyed', () => host.openCore?.sessions.end(callerId));
  window.once('ready-to-show', () => window.show());
  await window.loadURL(devServerUrl ?? APP_ENTRY_URL);
}

function fatal(error: unknown): void {
  const message =
    error instanceof StoreError
      ? error.message
      : 'Zahanati could not start. Restart the computer; if it keeps happening, call IT support.';
  dialog.showErrorBox('Zahanati cannot start', message);
  app.quit();
}
