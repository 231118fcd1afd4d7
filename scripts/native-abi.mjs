#!/usr/bin/env node
// The SQLite drivers are native modules compiled for one runtime at a time:
// Node (tests, the e2e host, the sync server) or Electron (the app, packaging).
// This makes sure they are built for the runtime about to use them, rebuilding
// only when needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const target = process.argv[2];
const MODULES = ['better-sqlite3-multiple-ciphers', 'better-sqlite3'];

if (target === 'node') {
  for (const module of MODULES) {
    const probe = spawnSync(process.execPath, ['-e', `new (require('${module}'))(':memory:').close()`], {
      stdio: 'pipe',
    });
    if (probe.status !== 0) {
      console.log(`Rebuilding ${module} for Node ${process.version} (it was built for another runtime)…`);
      // npm is a .cmd on Windows, which only a shell can start.
      execFileSync('npm', ['rebuild', module], { stdio: 'inherit', shell: process.platform === 'win32' });
    }
  }
} else if (target === 'electron') {
  // Downloads Electron's headers once; needs the network the first time.
  const electronBuilderCli = require.resolve('electron-builder/cli.js');
  execFileSync(process.execPath, [electronBuilderCli, 'install-app-deps'], { stdio: 'inherit' });
} else {
  console.error('usage: native-abi.mjs node|electron');
  process.exit(2);
}
