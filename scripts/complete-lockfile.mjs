#!/usr/bin/env node
// The package registry reachable from our build machines serves only the
// linux-x64 builds of platform-specific optional packages (rollup, the resolver
// binding), so `npm install` here writes a lockfile without entries for the
// other platforms, and `npm ci` then refuses it as out of sync. This adds the
// missing entries as optional; on each platform npm installs the one it needs
// and skips the rest. Run it after any `npm install` that changed the lockfile:
//   node scripts/complete-lockfile.mjs          (fix in place)
//   node scripts/complete-lockfile.mjs --check  (exit 1 if entries are missing)
import { readFileSync, writeFileSync } from 'node:fs';

const LOCKFILE = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(LOCKFILE, 'utf8'));
const packages = lock.packages;

const missing = [];
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (!(nested in packages) && !(hoisted in packages)) missing.push([hoisted, version]);
  }
}

if (process.argv.includes('--check')) {
  if (missing.length > 0) {
    console.error(
      `package-lock.json lacks ${missing.length} optional platform entries; run node scripts/complete-lockfile.mjs`,
    );
    process.exit(1);
  }
  process.exit(0);
}

for (const [path, version] of missing) packages[path] = { version, optional: true };
const [root, ...rest] = Object.entries(packages);
lock.packages = Object.fromEntries([root, ...rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`Added ${missing.length} optional platform entries to package-lock.json`);
