import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import { validateSchema as electronBuilderValidate } from 'app-builder-lib/out/util/config/schemaValidator';
import * as electronBuilderCli from 'electron-builder/out/builder';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** electron-builder's own configuration schema, from the installed version (26.x). */
const schema: unknown = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
const configText = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8');

type TargetItem = string | { target: string; arch?: string | string[] };

/** The parts of the configuration these tests read; the schema check guarantees the rest. */
interface BuilderConfig {
  asar?: boolean;
  asarUnpack?: string | string[];
  electronFuses?: Record<string, boolean>;
  win?: { target?: TargetItem | TargetItem[]; icon?: string; signtoolOptions?: Record<string, unknown> | null };
  mac?: {
    target?: TargetItem | TargetItem[];
    icon?: string;
    hardenedRuntime?: boolean;
    notarize?: boolean;
    entitlements?: string;
    entitlementsInherit?: string;
  };
  linux?: { target?: TargetItem | TargetItem[]; icon?: string };
  deb?: { depends?: string[] };
}

function loadConfig(): Record<string, unknown> {
  const loaded: unknown = load(configText);
  if (typeof loaded !== 'object' || loaded === null || Array.isArray(loaded)) throw new Error('not a mapping');
  return loaded as Record<string, unknown>;
}

/**
 * Strict Ajv over the draft-07 schema: unknown keywords are errors (so a schema
 * we fail to understand cannot silently pass everything), no type coercion
 * (stricter than electron-builder, which coerces "false" to false). The schema
 * uses union types and one custom keyword, `typeof`, for function-valued hooks.
 */
function compileStrictValidator(): ValidateFunction {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addKeyword({
    keyword: 'typeof',
    schemaType: 'string',
    validate: (expected: string, data: unknown) => typeof data === expected,
  });
  return ajv.compile(schema as object);
}

const validate = compileStrictValidator();
const config = loadConfig() as BuilderConfig & Record<string, unknown>;

function errorsOf(candidate: unknown): string[] {
  return validate(candidate) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

function withChange(change: (copy: Record<string, unknown> & BuilderConfig) => void): Record<string, unknown> {
  const copy = structuredClone(loadConfig()) as Record<string, unknown> & BuilderConfig;
  change(copy);
  return copy;
}

function targets(items: TargetItem | TargetItem[] | undefined): { target: string; arch: string[] }[] {
  const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
  return list.map((item) =>
    typeof item === 'string'
      ? { target: item, arch: [] }
      : { target: item.target, arch: item.arch === undefined ? [] : ([] as string[]).concat(item.arch) },
  );
}

describe('electron-builder.yml against electron-builder 26 schema', () => {
  it('is valid under a strict validator (no unknown keys, no coercion)', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it("is accepted by electron-builder's own validator", () => {
    expect(() => electronBuilderValidate(schema, structuredClone(loadConfig()))).not.toThrow();
  });

  it.each<[string, (copy: Record<string, unknown> & BuilderConfig) => void, string]>([
    ['an unknown top-level key', (copy) => (copy['electronFuse'] = { runAsNode: false }), ''],
    ['a misspelt fuse', (copy) => (copy.electronFuses = { ...copy.electronFuses, runAsnode: false }), '/electronFuses'],
    [
      'a fuse given as a string',
      (copy) => (copy.electronFuses = { ...copy.electronFuses, runAsNode: 'false' as never }),
      '/electronFuses/runAsNode',
    ],
    ['asar given as a string', (copy) => (copy.asar = 'yes' as never), '/asar'],
    [
      'the electron-builder 25 notarize object',
      (copy) => (copy.mac = { ...copy.mac, notarize: { teamId: 'X' } as never }),
      '/mac/notarize',
    ],
    [
      'an unknown signtool option',
      (copy) => (copy.win = { ...copy.win, signtoolOptions: { sha256: true } }),
      '/win/signtoolOptions',
    ],
    [
      'Azure Trusted Signing without its required fields',
      (copy) => (copy.win = { ...copy.win, ['azureSignOptions' as string]: { endpoint: 'https://x' } }),
      '/win/azureSignOptions',
    ],
  ])('rejects a copy with %s, at the broken key (the validator is live)', (_label, change, path) => {
    const errors = errorsOf(withChange(change));
    expect(errors).not.toEqual([]);
    expect(errors.filter((error) => error.startsWith(`${path || '/'} `))).not.toEqual([]);
  });

  it('accepts the Azure Trusted Signing options scripts/package.mjs passes on the command line', () => {
    const azure = {
      endpoint: 'https://eus.codesigning.azure.net',
      codeSigningAccountName: 'zahanati',
      certificateProfileName: 'zahanati-public',
      publisherName: 'Zahanati Ltd',
    };
    expect(errorsOf(withChange((copy) => (copy.win = { ...copy.win, ['azureSignOptions' as string]: azure })))).toEqual(
      [],
    );
  });
});

describe('the packaging policy', () => {
  it('sets the Electron fuses DESIGN.md requires', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    expect(config.electronFuses?.['grantFileProtocolExtraPrivileges']).toBe(false);
  });

  it('packs the app into an ASAR and unpacks native .node modules from it', () => {
    expect(config.asar).toBe(true);
    expect(([] as string[]).concat(config.asarUnpack ?? [])).toContain('**/*.node');
  });

  it('builds an x64 NSIS installer for Windows, signed with sha256 and a timestamp, with no secret in the file', () => {
    const nsis = targets(config.win?.target).filter((t) => t.target === 'nsis');
    expect(nsis).toHaveLength(1);
    expect(nsis[0]?.arch).toEqual(['x64']);
    expect(config.win?.signtoolOptions?.['signingHashAlgorithms']).toEqual(['sha256']);
    expect(config.win?.signtoolOptions?.['rfc3161TimeStampServer']).toMatch(/^https?:\/\//);
    for (const secret of ['certificateFile', 'certificatePassword']) {
      expect(config.win?.signtoolOptions?.[secret], secret).toBeUndefined();
    }
    expect(configText).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|azureSignOptions)\s*:/m);
  });

  it('builds a hardened-runtime, notarized dmg for macOS with its entitlements present', () => {
    expect(targets(config.mac?.target).map((t) => t.target)).toContain('dmg');
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(true);
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toBeDefined();
      expect(existsSync(join(ROOT, file ?? '')), file).toBe(true);
    }
    expect(readFileSync(join(ROOT, config.mac?.entitlements ?? ''), 'utf8')).toContain(
      'com.apple.security.cs.allow-jit',
    );
  });

  it('builds an AppImage and a deb for Linux; the deb keeps Electron’s runtime libraries and libsecret', () => {
    expect(targets(config.linux?.target).map((t) => t.target)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    // `deb.depends` replaces electron-builder's defaults instead of adding to them.
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libsecret-1-0']));
  });

  it('points every platform at an icon that exists', () => {
    for (const icon of [config.win?.icon, config.mac?.icon, config.linux?.icon]) {
      expect(icon).toBeDefined();
      expect(existsSync(join(ROOT, icon ?? '')), icon).toBe(true);
    }
  });
});

/** electron-builder's own command-line parser, typed only as far as these tests use it. */
interface YargsLike {
  parse(args: readonly string[]): unknown;
}
const builderCli = electronBuilderCli as unknown as {
  createYargs(): YargsLike;
  configureBuildCommand(yargs: YargsLike): YargsLike;
  normalizeOptions(args: unknown): { config?: unknown };
};

const AZURE_ENV = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://eus.codesigning.azure.net',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'zahanati-signing',
  AZURE_TRUSTED_SIGNING_PROFILE: 'zahanati-public-trust',
  AZURE_TRUSTED_SIGNING_PUBLISHER_NAME: 'Zahanati Health Ltd',
  AZURE_TENANT_ID: 'tenant',
  AZURE_CLIENT_ID: 'client',
  AZURE_CLIENT_SECRET: 'secret',
};

/** Runs scripts/package.mjs --dry-run in a clean environment: nothing is built. */
function dryRun(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/package.mjs'), ...args, '--dry-run'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    encoding: 'utf8',
  });
  const commands = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('would run: '))
    .map((line) => JSON.parse(line.slice('would run: '.length)) as string[]);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, commands };
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    const bothObjects = [existing, value].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
    target[key] = bothObjects
      ? mergeInto(existing as Record<string, unknown>, value as Record<string, unknown>)
      : value;
  }
  return target;
}

describe('scripts/package.mjs', () => {
  it('rebuilds natives for Electron, builds, then packages for the requested platform without publishing', () => {
    const { status, commands } = dryRun(['--win']);
    expect(status).toBe(0);
    expect(commands.map((command) => command.slice(1))).toEqual([
      [join(ROOT, 'scripts/native-abi.mjs'), 'electron'],
      [expect.stringMatching(/electron-vite[\\/]bin[\\/]electron-vite\.js$/), 'build'],
      [expect.stringMatching(/electron-builder[\\/]cli\.js$/), '--publish', 'never', '--win'],
    ]);
    for (const platform of ['--mac', '--linux']) {
      expect(dryRun([platform]).commands[2]?.slice(2)).toEqual(['--publish', 'never', platform]);
    }
  });

  it('says plainly when the Windows installer will be unsigned, or signed by signtool', () => {
    expect(dryRun(['--win']).stdout).toMatch(/Windows: UNSIGNED/);
    expect(dryRun(['--win'], { WIN_CSC_LINK: '/certs/zahanati.pfx' }).stdout).toMatch(
      /Windows: signtool with the certificate in WIN_CSC_LINK/,
    );
    expect(dryRun(['--win'], { CSC_LINK: '/certs/zahanati.pfx' }).stdout).toMatch(
      /Windows: signtool with the certificate in CSC_LINK/,
    );
  });

  it('switches to Azure Trusted Signing with options electron-builder parses and its schema accepts', () => {
    const { status, stdout, commands } = dryRun(['--win'], AZURE_ENV);
    expect(status).toBe(0);
    expect(stdout).toMatch(/Windows: Azure Trusted Signing/);
    const builderArgs = commands[2]?.slice(2) ?? [];
    expect(builderArgs.filter((arg) => arg.startsWith('-c.'))).toEqual([
      '-c.win.azureSignOptions.endpoint=https://eus.codesigning.azure.net',
      '-c.win.azureSignOptions.codeSigningAccountName=zahanati-signing',
      '-c.win.azureSignOptions.certificateProfileName=zahanati-public-trust',
      '-c.win.azureSignOptions.publisherName=Zahanati Health Ltd',
    ]);

    const parsed = builderCli.normalizeOptions(
      builderCli.configureBuildCommand(builderCli.createYargs()).parse(builderArgs),
    );
    expect(parsed.config).toEqual({
      win: {
        azureSignOptions: {
          endpoint: 'https://eus.codesigning.azure.net',
          codeSigningAccountName: 'zahanati-signing',
          certificateProfileName: 'zahanati-public-trust',
          publisherName: 'Zahanati Health Ltd',
        },
      },
    });
    const merged = mergeInto(structuredClone(loadConfig()), parsed.config as Record<string, unknown>);
    expect(errorsOf(merged)).toEqual([]);
    expect(() => electronBuilderValidate(schema, merged)).not.toThrow();
  });

  it('refuses half-configured Azure signing or a missing Entra ID login instead of building unsigned', () => {
    const half = dryRun(['--win'], { AZURE_TRUSTED_SIGNING_ENDPOINT: AZURE_ENV.AZURE_TRUSTED_SIGNING_ENDPOINT });
    expect(half.status).toBe(2);
    expect(half.stderr).toMatch(/AZURE_TRUSTED_SIGNING_ACCOUNT/);
    expect(half.commands).toEqual([]);
    const noLogin: Record<string, string> = { ...AZURE_ENV };
    delete noLogin['AZURE_CLIENT_SECRET'];
    const unauthenticated = dryRun(['--win'], noLogin);
    expect(unauthenticated.status).toBe(2);
    expect(unauthenticated.stderr).toMatch(/AZURE_CLIENT_SECRET/);
  });

  it('reports macOS signing and notarization, and rejects unknown options', () => {
    expect(dryRun(['--mac']).stdout).toMatch(/macOS: .*NOT NOTARIZED/);
    const notarized = dryRun(['--mac'], {
      CSC_LINK: '/certs/developer-id.p12',
      APPLE_API_KEY: '/keys/AuthKey.p8',
      APPLE_API_KEY_ID: 'KEYID',
      APPLE_API_ISSUER: 'issuer',
    }).stdout;
    expect(notarized).toMatch(
      /macOS: Developer ID certificate in CSC_LINK; notarized with the App Store Connect API key/,
    );
    const bogus = dryRun(['--windows']);
    expect(bogus.status).toBe(2);
    expect(bogus.commands).toEqual([]);
  });
});
