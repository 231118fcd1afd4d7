import { randomBytes } from 'node:crypto';
import type { Core } from '../../../electron/core/app';
import { WorkstationHost } from '../../../electron/core/workstation/host';
import { makeTempDir } from '../../../electron/core/testing/temp-dir';
import type { CommandEndpoint } from './clinic-bridge';

export interface CoreLogEntry {
  event: string;
  fields: Record<string, string>;
}

/**
 * How the workstation is when the page opens. `unlocked`: set up and open.
 * `new`: never set up, as on first start. `locked`: set up, then restarted,
 * so it waits for its passphrase.
 */
export type WorkstationStart = 'unlocked' | 'new' | 'locked';

/**
 * Core's clock in a test: real time plus an offset the test can push forward,
 * so a spec can let minutes pass (idle lock, a new TOTP step) without sleeping,
 * while delays the test does not control still run on real time.
 */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function createTestClock(): TestClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms) => {
      offsetMs += ms;
    },
  };
}

export interface TestWorkstation {
  readonly host: WorkstationHost;
  /** The fresh data directory this workstation's encrypted store lives in. */
  readonly dataDir: string;
  /** The passphrase that protects the key, when the fixture set one. */
  readonly passphrase: string | null;
  /** What core logged (internal errors only); a clean run leaves it empty. */
  readonly log: readonly CoreLogEntry[];
  /** What the page bridge calls: the same dispatch Electron main registers for IPC. */
  readonly endpoint: CommandEndpoint;
  /** The open core; fails the test if the workstation is still locked. */
  core(): Core;
  close(): void;
}

/**
 * The real workstation host, started as Electron main starts it, on a fresh
 * temp data directory. There is no OS keychain outside Electron, so the host
 * runs as on a computer without one: the random SQLCipher key is wrapped with
 * argon2id under a workstation passphrase, in a real key file.
 */
export async function startTestWorkstation(
  appVersion: string,
  start: WorkstationStart,
  clock: TestClock = createTestClock(),
): Promise<TestWorkstation> {
  const temp = makeTempDir('zahanati-e2e-');
  const log: CoreLogEntry[] = [];
  const startHost = () =>
    WorkstationHost.start({
      dataDir: temp.path,
      appVersion,
      osKeychain: null,
      clock: clock.now,
      logger: { error: (event, fields) => log.push({ event, fields }) },
    });
  let host: WorkstationHost | null = null;
  try {
    host = await startHost();
    const passphrase = start === 'new' ? null : await setUpWithNewPassphrase(host);
    if (start === 'locked') {
      host.close();
      host = await startHost();
    }
    return describeWorkstation(host, temp, passphrase, log);
  } catch (error) {
    host?.close();
    temp.remove();
    throw error;
  }
}

/** Goes through the same command the first-start screen sends, so the store is set up the real way. */
async function setUpWithNewPassphrase(host: WorkstationHost): Promise<string> {
  const passphrase = randomBytes(24).toString('base64url');
  const result = await host.dispatch('e2e-setup', 'workstation.createPassphrase', { passphrase });
  if (!result.ok) throw new Error(`The test workstation could not be set up: ${result.code} ${result.message}`);
  return passphrase;
}

function describeWorkstation(
  host: WorkstationHost,
  temp: ReturnType<typeof makeTempDir>,
  passphrase: string | null,
  log: CoreLogEntry[],
): TestWorkstation {
  return {
    host,
    dataDir: temp.path,
    passphrase,
    log,
    endpoint: {
      dispatch: (callerId, name, input) => host.dispatch(callerId, name, input),
      // Sessions live in the open core; a locked workstation has none to end.
      endSession: (callerId) => host.openCore?.sessions.end(callerId),
    },
    core: () => {
      const core = host.openCore;
      if (core === null) throw new Error(`The test workstation is not open: ${JSON.stringify(host.status())}`);
      return core;
    },
    close: () => {
      host.close();
      temp.remove();
    },
  };
}
