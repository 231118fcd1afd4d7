#!/usr/bin/env node
// Builds the installers: natives rebuilt for Electron, then electron-vite, then electron-builder.
//
//   node scripts/package.mjs [--win] [--mac] [--linux] [--x64] [--arm64] [--dir] [--dry-run]
//
// With no platform flag electron-builder packages for the machine it runs on. Signing secrets come
// from the environment only (see electron-builder.yml). Windows uses Azure Trusted Signing when all
// four AZURE_TRUSTED_SIGNING_* values are set, otherwise signtool with WIN_CSC_LINK or CSC_LINK,
// otherwise the installer is unsigned. --dry-run prints the plan and runs nothing.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const PLATFORM_FLAGS = { '--win': 'win', '-w': 'win', '--mac': 'mac', '-m': 'mac', '--linux': 'linux', '-l': 'linux' };
const PASS_THROUGH_FLAGS = new Set(['--x64', '--arm64', '--dir']);
const HOST_PLATFORM = { win32: 'win', darwin: 'mac', linux: 'linux' };

/** Environment variable → `win.azureSignOptions` property (names as in app-builder-lib/scheme.json). */
const AZURE_SETTINGS = [
  ['AZURE_TRUSTED_SIGNING_ENDPOINT', 'endpoint'],
  ['AZURE_TRUSTED_SIGNING_ACCOUNT', 'codeSigningAccountName'],
  ['AZURE_TRUSTED_SIGNING_PROFILE', 'certificateProfileName'],
  ['AZURE_TRUSTED_SIGNING_PUBLISHER_NAME', 'publisherName'],
];

class UsageError extends Error {}

function has(env, name) {
  return typeof env[name] === 'string' && env[name].trim() !== '';
}

function parseArgs(argv) {
  const platforms = [];
  const passThrough = [];
  let dryRun = false;
  for (const arg of argv) {
    if (arg === '--dry-run') dryRun = true;
    else if (arg in PLATFORM_FLAGS) {
      const platform = PLATFORM_FLAGS[arg];
      if (!platforms.includes(platform)) platforms.push(platform);
    } else if (PASS_THROUGH_FLAGS.has(arg)) passThrough.push(arg);
    else throw new UsageError(`Unknown option ${arg}`);
  }
  return { platforms, passThrough, dryRun };
}

/** Azure Trusted Signing settings from the environment: all four, or none. */
function azureSignOptions(env) {
  const present = AZURE_SETTINGS.filter(([name]) => has(env, name));
  if (present.length === 0) return null;
  if (present.length !== AZURE_SETTINGS.length) {
    const missing = AZURE_SETTINGS.filter(([name]) => !has(env, name)).map(([name]) => name);
    throw new UsageError(`Azure Trusted Signing is half configured; also set ${missing.join(', ')}`);
  }
  // electron-builder's TrustedSigning module logs in to Entra ID through these (EnvironmentCredential).
  const credential =
    has(env, 'AZURE_TENANT_ID') &&
    has(env, 'AZURE_CLIENT_ID') &&
    (has(env, 'AZURE_CLIENT_SECRET') || has(env, 'AZURE_CLIENT_CERTIFICATE_PATH'));
  if (!credential) {
    throw new UsageError(
      'Azure Trusted Signing needs an Entra ID login: set AZURE_TENANT_ID, AZURE_CLIENT_ID and ' +
        'AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH)',
    );
  }
  return Object.fromEntries(AZURE_SETTINGS.map(([name, property]) => [property, env[name].trim()]));
}

function windowsSigning(env, azure) {
  if (azure !== null) {
    return (
      `Azure Trusted Signing (endpoint ${azure.endpoint}, account ${azure.codeSigningAccountName}, ` +
      `certificate profile ${azure.certificateProfileName}, publisher "${azure.publisherName}")`
    );
  }
  if (has(env, 'WIN_CSC_LINK')) return 'signtool with the certificate in WIN_CSC_LINK (password WIN_CSC_KEY_PASSWORD)';
  if (has(env, 'CSC_LINK')) return 'signtool with the certificate in CSC_LINK (password CSC_KEY_PASSWORD)';
  return 'UNSIGNED: none of AZURE_TRUSTED_SIGNING_*, WIN_CSC_LINK or CSC_LINK is set';
}

function macSigning(env) {
  const signing = has(env, 'CSC_LINK')
    ? 'Developer ID certificate in CSC_LINK'
    : env.CSC_IDENTITY_AUTO_DISCOVERY === 'false'
      ? 'UNSIGNED: CSC_LINK is not set and keychain discovery is off'
      : 'a Developer ID identity from the login keychain if one is found, otherwise UNSIGNED';
  const notarization =
    has(env, 'APPLE_API_KEY') && has(env, 'APPLE_API_KEY_ID') && has(env, 'APPLE_API_ISSUER')
      ? 'notarized with the App Store Connect API key (APPLE_API_KEY)'
      : has(env, 'APPLE_ID') && has(env, 'APPLE_APP_SPECIFIC_PASSWORD') && has(env, 'APPLE_TEAM_ID')
        ? 'notarized with the Apple ID in APPLE_ID'
        : has(env, 'APPLE_KEYCHAIN') && has(env, 'APPLE_KEYCHAIN_PROFILE')
          ? 'notarized with the keychain profile APPLE_KEYCHAIN_PROFILE'
          : 'NOT NOTARIZED: no APPLE_API_KEY/_ID/_ISSUER, APPLE_ID/_APP_SPECIFIC_PASSWORD/APPLE_TEAM_ID or APPLE_KEYCHAIN/_PROFILE';
  return `${signing}; ${notarization}`;
}

function binOf(packageName, binName) {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const { bin } = require(manifestPath);
  const relative = typeof bin === 'string' ? bin : bin[binName];
  return join(dirname(manifestPath), relative);
}

/** What will run, and how each platform is signed; pure, so --dry-run shows exactly this. */
function packagingPlan(argv, env, hostPlatform) {
  const { platforms, passThrough, dryRun } = parseArgs(argv);
  const targets = platforms.length > 0 ? platforms : [HOST_PLATFORM[hostPlatform] ?? hostPlatform];
  const azure = targets.includes('win') ? azureSignOptions(env) : null;
  const signing = targets.map((platform) => {
    if (platform === 'win') return `Windows: ${windowsSigning(env, azure)}`;
    if (platform === 'mac') return `macOS: ${macSigning(env)}`;
    return `Linux: AppImage and deb are not code-signed`;
  });
  const builderArgs = [
    binOf('electron-builder', 'electron-builder'),
    '--publish',
    'never',
    ...platforms.map((platform) => `--${platform}`),
    ...passThrough,
    ...(azure === null
      ? []
      : Object.entries(azure).map(([property, value]) => `-c.win.azureSignOptions.${property}=${value}`)),
  ];
  const steps = [
    ['Rebuilding native modules for Electron', [join(ROOT, 'scripts/native-abi.mjs'), 'electron']],
    ['Building main, preload and renderer', [binOf('electron-vite', 'electron-vite'), 'build']],
    ['Packaging with electron-builder', builderArgs],
  ];
  return { dryRun, signing, steps };
}

function main() {
  let plan;
  try {
    plan = packagingPlan(process.argv.slice(2), process.env, process.platform);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`package: ${error.message}`);
    console.error('usage: node scripts/package.mjs [--win] [--mac] [--linux] [--x64] [--arm64] [--dir] [--dry-run]');
    process.exit(2);
  }
  console.log('Code signing for this build:');
  for (const line of plan.signing) console.log(`  ${line}`);
  for (const [title, args] of plan.steps) {
    if (plan.dryRun) {
      console.log(`would run: ${JSON.stringify([process.execPath, ...args])}`);
      continue;
    }
    console.log(`\n== ${title}`);
    // Node runs each tool directly: no shell, so values with spaces (publisher names) stay whole.
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (result.error) throw result.error;
    if (result.status !== 0) {
      console.error(`package: "${title}" failed (exit ${result.status ?? result.signal})`);
      process.exit(result.status ?? 1);
    }
  }
}

main();
