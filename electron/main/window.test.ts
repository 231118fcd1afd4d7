import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window';

const PRELOAD = '/opt/Zahanati/resources/app.asar/out/preload/index.cjs';

describe('mainWindowOptions', () => {
  it('isolates the renderer: context isolation, sandbox, no Node anywhere', () => {
    const prefs = mainWindowOptions(PRELOAD, { devTools: false }).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on: same-origin policy, no mixed content, no <webview>, no experimental features', () => {
    const prefs = mainWindowOptions(PRELOAD, { devTools: false }).webPreferences;
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the given preload script and nothing else', () => {
    expect(mainWindowOptions(PRELOAD, { devTools: false }).webPreferences?.preload).toBe(PRELOAD);
    expect(mainWindowOptions('/elsewhere/preload.cjs', { devTools: false }).webPreferences?.preload).toBe(
      '/elsewhere/preload.cjs',
    );
  });

  it('offers DevTools only when asked to (development builds)', () => {
    expect(mainWindowOptions(PRELOAD, { devTools: false }).webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions(PRELOAD, { devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('stays hidden until the first paint so no blank window flashes', () => {
    expect(mainWindowOptions(PRELOAD, { devTools: false }).show).toBe(false);
  });
});
