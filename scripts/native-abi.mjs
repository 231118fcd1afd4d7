#!/usr/bin/env node
// The SQLCipher driver is a native module compiled for one runtime at a time:
// Node (tests, the e2e host) or Electron (the app, packaging). This makes sure
// it is built for the runtime about to use it, rebuilding only when needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const target = process.argv[2];
const MODULE = 'better-sqlite3-multiple-ciphers';

if (target === 'node') {
  const probe = spawnSync(process.execPath, ['-e', `new (require('${MODULE}'))(':memory:').close()`], {
    stdio: 'pipe',
  });
  if (probe.status !== 0) {
    console.log(`Rebuilding ${MODULE} for Node ${process.version} (it was built for another runtime)…`);
    // npm is a .cmd on Windows, which only a shell can start.
    execFileSync('npm', ['rebuild', MODULE], { stdio: 'inherit', shell: process.platform === 'win32' });
  }
} else if (target === 'electron') {
  // Downloads Electron's headers once; needs the network the first time.
  const electronBuilderCli = require.resolve('electron-builder/cli.js');
  execFileSync(process.execPath, [electronBuilderCli, 'install-app-deps'], { stdio: 'inherit' });
} else {
  console.error('usage: native-abi.mjs node|electron');
  process.exit(2);
}
