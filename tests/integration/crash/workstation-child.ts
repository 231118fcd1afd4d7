/**
 * A workstation process for the crash tests: the real core and sync engine on
 * a real SQLCipher store, running one sync (or join) until a chosen point,
 * where it prints `CRASH-POINT <where>` on stdout and stops dead — blocking
 * its only thread, inside whatever it was doing — until the test kills it with
 * SIGKILL. Nothing is left to timing: the test kills only after the line.
 *
 * Configured by ZAHANATI_CRASH_CHILD (JSON: ChildConfig, with the crash points, in protocol.ts).
 */
import { writeSync } from 'node:fs';
import type { SyncEngineOptions } from '../../../electron/core/sync/engine';
import { Workstation } from '../sync/support';
import { CHILD_CONFIG_ENV, CRASH_LINE, type ChildConfig, type CrashPoint } from './protocol';

/** Says where it stopped, synchronously (the thread blocks next), and waits to be killed. */
function haltAt(where: string): never {
  writeSync(1, `${CRASH_LINE} ${where}\n`);
  // Blocks this thread: no timer, I/O or pending promise runs until SIGKILL ends the process.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  writeSync(2, 'Not killed within 120 s\n');
  process.exit(3);
}

function isPush(url: string, init: RequestInit): boolean {
  return init.method === 'POST' && new URL(url).pathname === '/v1/batches';
}

function crashHooks(crash: CrashPoint): Pick<SyncEngineOptions, 'fetch' | 'beforeApplyCommit'> {
  let pushes = 0;
  let pages = 0;
  return {
    fetch: async (url, init) => {
      if (!isPush(url, init)) return fetch(url, init);
      pushes += 1;
      if (crash.at === 'push-unsent' && crash.push === pushes) haltAt(`push-unsent ${pushes}`);
      // The server answers a push only after it stored the batch.
      const response = await fetch(url, init);
      if (crash.at === 'push-stored' && crash.push === pushes)
        haltAt(`push-stored ${pushes} status=${response.status}`);
      return response;
    },
    beforeApplyCommit: () => {
      pages += 1;
      if (crash.at === 'apply' && crash.page === pages) haltAt(`apply ${pages}`);
    },
  };
}

async function main(): Promise<void> {
  const text = process.env[CHILD_CONFIG_ENV];
  if (text === undefined) throw new Error(`${CHILD_CONFIG_ENV} is not set`);
  const config = JSON.parse(text) as ChildConfig;
  const ws = await Workstation.open(config.name, {
    dataDir: config.dataDir,
    start: config.start,
    sync: { ...config.sync, ...crashHooks(config.crash) },
  });
  if (config.action.kind === 'join') {
    await ws.sync.join({ serverUrl: config.action.serverUrl, code: config.action.code });
  } else {
    await ws.sync.syncNow();
  }
  // The crash point was never reached: the test is wrong about the work it set up.
  writeSync(1, 'FINISHED-WITHOUT-CRASH\n');
  ws.close();
  process.exit(2);
}

main().catch((error: unknown) => {
  writeSync(2, `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
