import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root, found from this file so specs work whatever the working directory. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where `electron-vite build` writes the renderer; the host serves exactly these files. */
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** Where `electron-vite build` writes Electron main (package.json's "main"). */
export const MAIN_ENTRY = join(REPO_ROOT, 'out', 'main', 'index.js');

/** Screenshots of each main screen, kept as build artifacts. */
export const SCREENS_DIR = join(REPO_ROOT, 'test-results', 'screens');

/** The version Electron's app.getVersion() reports: package.json's "version". */
export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  if (typeof manifest !== 'object' || manifest === null || !('version' in manifest)) {
    throw new Error('package.json has no "version"');
  }
  const { version } = manifest;
  if (typeof version !== 'string') throw new Error('package.json "version" is not a string');
  return version;
}
