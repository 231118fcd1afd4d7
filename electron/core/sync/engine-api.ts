/**
 * What the rest of core (sync commands, app start-up) may ask of the sync
 * client. The engine implements it; commands depend only on this file.
 *
 * Every method that talks to the server is async and never runs inside a
 * dispatcher transaction: the engine takes the dispatcher's queue itself for
 * each short local write, so a slow network never blocks clinical work.
 */

export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'applying' | 'joining';

export interface SyncProgress {
  phase: SyncPhase;
  /** Changes (push) or batches (pull) done in this run. */
  done: number;
  /** Known total, or null while unknown. */
  total: number | null;
}

export interface SyncStatusSnapshot {
  /** This workstation belongs to a facility on a sync server. */
  configured: boolean;
  serverUrl: string | null;
  deviceId: string | null;
  facilityId: string | null;
  /** Null before the first attempt; false after a network failure. */
  online: boolean | null;
  /** ISO time of the last complete push + pull. */
  lastSyncAt: string | null;
  /** Plain language, never a stack trace or record content. */
  lastError: string | null;
  /** Local record changes not yet accepted by the server (audit entries, which sync too, are not counted). */
  pendingChanges: number;
  running: boolean;
  progress: SyncProgress | null;
  /** False until the first full pull after joining a facility has been applied. */
  initialSyncDone: boolean;
  /** Workstation clock minus server clock, ms, from the last response; null before any. */
  clockSkewMs: number | null;
  /** |skew| > 5 minutes. */
  clockSkewWarning: boolean;
  conflictsToReview: number;
  /** The facility data key used for new batches. */
  currentKeyId: string | null;
  /** When the next automatic attempt is due (ISO), with backoff after failures. */
  nextAttemptAt: string | null;
}

export interface SyncRunResult {
  pushedChanges: number;
  pulledBatches: number;
  appliedChanges: number;
  newConflicts: number;
}

export interface ConflictRecord {
  id: string;
  tableName: string;
  rowId: string;
  columnName: string;
  /** Values as stored (JSON text), for display by the UI after its own access checks. */
  winningValue: string | null;
  losingValue: string | null;
  winningHlc: string;
  losingHlc: string;
  losingDeviceId: string;
  detectedAt: string;
  reviewedAt: string | null;
  reviewedBy: string | null;
}

export interface DeviceSummary {
  deviceId: string;
  kind: 'workstation' | 'recovery';
  status: 'active' | 'revoked';
  enrolledAt: string;
  revokedAt: string | null;
  isThisWorkstation: boolean;
}

export interface EnrollmentCode {
  /** Grouped for reading aloud and typing, e.g. `7K3M-Q9XA-...`. */
  code: string;
  expiresAt: string;
  serverUrl: string;
}

export interface RecoveryKit {
  facilityId: string;
  serverUrl: string;
  /** The printed secret: whoever holds it can rebuild a workstation of this facility. */
  secret: string;
  createdAt: string;
}

export interface SyncApi {
  status(): SyncStatusSnapshot;
  /**
   * Connects this (already set-up) facility workstation to a server for the first time with the
   * server's facility bootstrap token; creates the facility data key if none exists.
   */
  connect(input: { serverUrl: string; bootstrapToken: string }): Promise<SyncStatusSnapshot>;
  /** Push everything pending, then pull and apply everything new. Resolves when done or failed. */
  syncNow(): Promise<SyncRunResult>;
  /** Starts the automatic loop (interval with backoff and jitter); idempotent. */
  start(): void;
  stop(): Promise<void>;
  createEnrollmentCode(input: { ttlHours: number }): Promise<EnrollmentCode>;
  /** On a fresh, not yet set-up workstation: redeem a code, store the keys, run the initial sync. */
  join(input: { serverUrl: string; code: string }): Promise<SyncStatusSnapshot>;
  /** Creates (or replaces) the facility's recovery kit. */
  createRecoveryKit(): Promise<RecoveryKit>;
  /** On a fresh workstation: rebuild from the server with a recovery kit. */
  recover(input: { serverUrl: string; facilityId: string; secret: string }): Promise<SyncStatusSnapshot>;
  listDevices(): Promise<DeviceSummary[]>;
  /** Revokes a workstation on the server, rotates the facility key and re-seals it to the rest. */
  revokeDevice(deviceId: string): Promise<{ newKeyId: string }>;
  /** Local reads; synchronous, safe inside a command's transaction. */
  conflicts(filter: { includeReviewed: boolean; limit: number }): ConflictRecord[];
  markConflictReviewed(id: string, userId: string, at: Date): void;
}
