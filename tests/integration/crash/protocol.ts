/**
 * What the crash tests and their workstation process agree on (kept apart from
 * the process's entry, which runs when imported).
 */
import type { SyncEngineOptions } from '../../../electron/core/sync/engine';

/**
 * Where the workstation process stops dead:
 * - `push-unsent`: the Nth batch push is sealed and in the outbox, not yet sent;
 * - `push-stored`: the server has stored the Nth pushed batch and answered; the engine has not seen the answer;
 * - `apply`: the Nth pulled page is applied inside its transaction, not yet committed.
 */
export type CrashPoint = { at: 'push-unsent' | 'push-stored'; push: number } | { at: 'apply'; page: number };

export interface ChildConfig {
  /** The workstation's name: its store's passphrase derives from it (tests/integration/sync/support.ts). */
  name: string;
  dataDir: string;
  /** The workstation clock's start (ms); it then stays put, as the test workstations' clocks do. */
  start: number;
  action: { kind: 'sync' } | { kind: 'join'; serverUrl: string; code: string };
  sync: Pick<SyncEngineOptions, 'maxBatchChanges' | 'pullPageSize'>;
  crash: CrashPoint;
}

export const CHILD_CONFIG_ENV = 'ZAHANATI_CRASH_CHILD';
/** The process prints this, then where, on stdout at its crash point. */
export const CRASH_LINE = 'CRASH-POINT';
export const WORKSTATION_CHILD = 'tests/integration/crash/workstation-child.ts';
