#!/usr/bin/env node
// Bundles the TypeScript benchmarks with esbuild (dependencies stay external)
// and runs each under Node. Pass --quick for a tenth of the size.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const BENCHMARKS = ['tests/bench/clinical.bench.ts'];
const args = process.argv.slice(2);

for (const entry of BENCHMARKS) {
  const outfile = `out/bench/${entry.split('/').pop().replace(/\.ts$/, '.cjs')}`;
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
