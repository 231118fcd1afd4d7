import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Path of the Electron binary the `electron` package installed, or null when
 * it never downloaded. Deliberately not `require('electron')`: in Electron 45
 * that call tries to download the binary when it is missing (network, then a
 * throw after the fetch fails), which a test run must never do. This reads the
 * same files that call reads (path.txt, dist/, ELECTRON_OVERRIDE_DIST_PATH).
 */
export function installedElectronBinary(): string | null {
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = join(packageDir, 'path.txt');
  const relativeBinary = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const overrideDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (overrideDir !== undefined && overrideDir !== '') {
    const binary = join(overrideDir, relativeBinary || 'electron');
    return existsSync(binary) ? binary : null;
  }
  if (relativeBinary === '') return null;
  const binary = join(packageDir, 'dist', relativeBinary);
  return existsSync(binary) ? binary : null;
}

/**
 * The SQLCipher driver is a native module built for one runtime at a time
 * (scripts/native-abi.mjs); `npm test` builds it for Node, for vitest and the
 * browser host. This asks Electron itself, running as Node, whether it can load it.
 */
export function nativeStoreLoadsUnder(electronBinary: string, cwd: string): boolean {
  const probe = spawnSync(
    electronBinary,
    ['-e', "new (require('better-sqlite3-multiple-ciphers'))(':memory:').close()"],
    { cwd, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: 'pipe', timeout: 30_000 },
  );
  return probe.status === 0;
}
