/**
 * Real processes for the crash tests: TypeScript entry points bundled with
 * esbuild into a temp directory (dependencies stay external and resolve from
 * the repository's node_modules through NODE_PATH), started with plain Node,
 * and killed with SIGKILL — no shutdown code runs, as in a power cut or an OOM
 * kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Bundles {
  /** Path of the bundled entry (a .cjs file). */
  get(entry: string): string;
  remove(): void;
}

/** Bundles each entry (a path relative to the repository) once. */
export async function bundle(entries: readonly string[]): Promise<Bundles> {
  const dir = mkdtempSync(join(tmpdir(), 'zahanati-crash-bundle-'));
  const outputs = new Map<string, string>();
  for (const entry of entries) {
    const outfile = join(dir, `${entry.replace(/[^A-Za-z0-9]+/g, '-')}.cjs`);
    await build({
      entryPoints: [join(REPO_ROOT, entry)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    });
    outputs.set(entry, outfile);
  }
  return {
    get(entry) {
      const path = outputs.get(entry);
      if (path === undefined) throw new Error(`${entry} was not bundled`);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Running {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line that starts with `prefix` (rejects if the process ends first). */
  line(prefix: string): Promise<string>;
  /** Resolves once `count` stdout lines satisfy `test` (rejects if the process ends first). */
  lines(test: (line: string) => boolean, count: number): Promise<void>;
  /** How many stdout lines so far satisfy `test`. */
  countLines(test: (line: string) => boolean): number;
  /** SIGKILL, then waits until the process is gone; returns the signal it died of. */
  kill(): Promise<NodeJS.Signals | null>;
}

interface Waiter {
  /** Returns a result once satisfied by the complete lines so far. */
  check(lines: readonly string[]): string | undefined;
  resolve(result: string): void;
  reject(error: Error): void;
  what: string;
}

export function start(script: string, env: Record<string, string>): Running {
  const child = spawn(process.execPath, [script], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  let waiters: Waiter[] = [];
  const completeLines = () => stdout.split('\n').slice(0, -1);
  const settle = () => {
    const lines = completeLines();
    waiters = waiters.filter((waiter) => {
      const result = waiter.check(lines);
      if (result !== undefined) waiter.resolve(result);
      else if (ended !== null) {
        waiter.reject(
          new Error(
            `The process ended (code ${String(ended.code)}, signal ${String(ended.signal)}) before ${waiter.what}.\n` +
              `stdout:\n${stdout}\nstderr:\n${stderr}`,
          ),
        );
      }
      return result === undefined && ended === null;
    });
  };
  const exit = new Promise<NodeJS.Signals | null>((done) => {
    // 'close', not 'exit': the last stdout lines may arrive after the process has exited.
    child.once('close', (code, signal) => {
      ended = { code, signal };
      settle();
      done(signal);
    });
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    settle();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const wait = (what: string, check: Waiter['check']) =>
    new Promise<string>((resolve, reject) => {
      waiters.push({ what, check, resolve, reject });
      settle();
    });
  return {
    child,
    line: (prefix) => wait(`printing "${prefix}"`, (lines) => lines.find((line) => line.startsWith(prefix))),
    lines: async (test, count) => {
      await wait(`printing ${count} such lines`, (lines) => (lines.filter(test).length >= count ? 'ok' : undefined));
    },
    countLines: (test) => completeLines().filter(test).length,
    async kill() {
      if (ended === null) child.kill('SIGKILL');
      return exit;
    },
  };
}
