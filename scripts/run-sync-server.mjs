#!/usr/bin/env node
// Bundles the sync server with esbuild (dependencies stay external) into
// out/sync-server/ and runs it under Node. Configuration: see sync-server/src/main.ts.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const outfile = 'out/sync-server/main.cjs';
await build({
  entryPoints: ['sync-server/src/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  outfile,
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
