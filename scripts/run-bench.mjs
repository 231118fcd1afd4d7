#!/usr/bin/env node
// Bundles every TypeScript benchmark in tests/bench (*.bench.ts) with esbuild
// (dependencies stay external) and runs each under Node, one after another.
// Pass --quick for a tenth of the size; any other argument goes to each benchmark.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { build } from 'esbuild';

const BENCH_DIR = 'tests/bench';
const benchmarks = readdirSync(BENCH_DIR)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort()
  .map((name) => `${BENCH_DIR}/${name}`);
const args = process.argv.slice(2);

for (const entry of benchmarks) {
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
