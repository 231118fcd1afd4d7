import QRCode from 'qrcode';
import type { JoinStatus, SyncConflictView } from '../../../shared/api/sync';
import { callerScope } from '../access/caller-scope';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { ConflictVisibility } from './conflict-visibility';
import { enrollmentSecrets, recoveryIdentity } from './crypto';
import type { ConflictRecord, SyncApi, SyncStatusSnapshot } from './engine-api';

/**
 * The sync commands. Two kinds of engine call meet the dispatcher here:
 *
 * - Long runs (sync now, joining, rebuilding from a recovery kit) start in the
 *   background and the command returns at once, so the dispatcher's
 *   transaction is never held while batches travel; the UI polls
 *   sync.status / sync.joinStatus for progress.
 * - Short server requests whose answer the user waits for (connect, an
 *   enrollment code, the devices list, revoking, a recovery kit) are awaited
 *   inside the command, bounded by NETWORK_TIMEOUT_MS, so a dead link costs
 *   other commands at most that long. The engine's own writes during them run
 *   inline in the command's transaction (Dispatcher.exclusive sees the running
 *   handler), so they commit or roll back with the command and its audit entry.
 */

/** The longest a command waits for the sync server while holding the dispatcher. */
export const NETWORK_TIMEOUT_MS = 20_000;

const MESSAGES = {
  notConnected: 'This workstation is not connected to a sync server yet.',
  alreadySetUp: 'This workstation is already set up for a facility. Sign in instead.',
  joinRunning: 'This workstation is already joining a facility. Wait for it to finish.',
  timeout: 'The sync server did not answer in time. Check the network connection and try again.',
  network:
    'The sync server could not be reached or refused the request. Check the address and the network connection, then try again.',
  revokeSelf: 'This is the workstation you are using. Revoke it from another workstation of the facility.',
  conflictNotFound: 'That conflict is no longer in the list. Refresh the list.',
  badCode:
    'That is not a whole enrollment code. It has 24 letters and digits in groups of four; check it and try again.',
  badSecret: 'That is not the whole secret from the recovery kit. Check every group of four and try again.',
  joinFailed:
    'Joining did not finish. Check the server address and the code (it works once and expires), then try again.',
} as const;

function engine(ctx: CommandContext): SyncApi {
  return ctx.services.sync;
}

function requireConnected(ctx: CommandContext): SyncStatusSnapshot {
  const status = engine(ctx).status();
  if (!status.configured) throw new CommandError('CONFLICT', MESSAGES.notConnected);
  return status;
}

/**
 * Awaits a server request for at most NETWORK_TIMEOUT_MS. The engine reports
 * failures in plain language (SyncApi: never a stack trace or record content);
 * anything else becomes the generic network message.
 */
async function withServer<T>(call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CommandError('CONFLICT', MESSAGES.timeout)), NETWORK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call(), timeout]);
  } catch (error) {
    throw error instanceof CommandError ? error : new CommandError('CONFLICT', plainMessage(error, MESSAGES.network));
  } finally {
    clearTimeout(timer);
  }
}

/** A QR code as the MFA enrollment draws it: PNG data URL, allowed by the renderer's CSP. */
function qrCode(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** The engine's own message when it marks it as meant for people; otherwise the fallback. */
function plainMessage(error: unknown, fallback: string): string {
  if (error instanceof Error && 'plain' in error && error.plain === true && error.message.length > 0) {
    return error.message;
  }
  return fallback;
}

// ---- status and running --------------------------------------------------------------------------

export const syncStatusCommand = defineCommand({
  name: 'sync.status',
  access: 'sync.view',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'sync' },
  handler(ctx) {
    const status = engine(ctx).status();
    // Before connecting, the facility id is what the server's operator needs to issue the facility token.
    return { ...status, facilityId: status.facilityId ?? ctx.services.identity.facility()?.id ?? null };
  },
});

export const syncConnect = defineCommand({
  name: 'sync.connect',
  access: 'devices.enroll',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'EXECUTE', resourceType: 'device' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    if (ctx.services.identity.facility() === null) {
      throw new CommandError('CONFLICT', 'Set the facility up on this workstation first.');
    }
    const status = await withServer(() => engine(ctx).connect(input));
    engine(ctx).start();
    if (status.deviceId !== null) ctx.setAuditResource(status.deviceId);
    ctx.setAuditPurpose(`connected to ${status.serverUrl ?? input.serverUrl}`);
    return status;
  },
});

export const syncNow = defineCommand({
  name: 'sync.now',
  access: 'sync.run',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'EXECUTE', resourceType: 'sync' },
  handler(ctx) {
    const sync = engine(ctx);
    const status = requireConnected(ctx);
    if (status.running) return status;
    // Not awaited: the run outlives this command. Its outcome lands in status().lastError / lastSyncAt.
    sync.syncNow().catch(() => undefined);
    return sync.status();
  },
});

// ---- enrolling, joining and recovering --------------------------------------------------------------

export const createEnrollmentCode = defineCommand({
  name: 'sync.createEnrollmentCode',
  access: 'devices.enroll',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'CREATE', resourceType: 'enrollment_code' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    requireConnected(ctx);
    const code = await withServer(() => engine(ctx).createEnrollmentCode({ ttlHours: input.ttlHours }));
    // The code itself never goes into the trail: whoever reads the trail could enroll with it.
    ctx.setAuditPurpose(`enrollment code valid until ${code.expiresAt}`);
    const link = `zahanati://join?${new URLSearchParams({ server: code.serverUrl, code: code.code }).toString()}`;
    return { ...code, qrCodeDataUrl: await qrCode(link) };
  },
});

/**
 * One join (or rebuild) at a time per engine, remembered outside the
 * transaction so its outcome can be polled by a workstation nobody is signed
 * in to. Keyed by the engine, so each core in a process keeps its own.
 */
interface JoinAttempt {
  state: 'joining' | 'done' | 'failed';
  error: string | null;
}
const joins = new WeakMap<SyncApi, JoinAttempt>();

/** Same rule as setup.complete: only a workstation with no facility yet may join or be rebuilt. */
function assertNotSetUp(ctx: CommandContext): void {
  if (ctx.services.identity.facility() !== null || engine(ctx).status().configured) {
    throw new CommandError('CONFLICT', MESSAGES.alreadySetUp);
  }
  if (joins.get(engine(ctx))?.state === 'joining') throw new CommandError('CONFLICT', MESSAGES.joinRunning);
}

function invalidField(path: string, message: string): CommandError {
  return new CommandError('VALIDATION', message, { issues: [{ path, message }] });
}

function startJoin(ctx: CommandContext, run: () => Promise<SyncStatusSnapshot>): JoinStatus {
  const sync = engine(ctx);
  const attempt: JoinAttempt = { state: 'joining', error: null };
  joins.set(sync, attempt);
  let running: Promise<SyncStatusSnapshot>;
  try {
    running = run();
  } catch (error) {
    running = Promise.reject(error);
  }
  running.then(
    () => {
      attempt.state = 'done';
      // A joined workstation keeps syncing on its own; until then the facility may not even be here yet.
      sync.start();
    },
    (error: unknown) => {
      if (sync.status().configured) {
        // Enrolled, so the code is spent and a new join would be refused: the initial sync resumes on
        // the loop, as after a restart, and its progress and last error are read from the engine.
        if (joins.get(sync) === attempt) joins.delete(sync);
        sync.start();
        return;
      }
      attempt.state = 'failed';
      attempt.error = plainMessage(error, MESSAGES.joinFailed);
    },
  );
  return joinStatusOf(ctx);
}

function joinStatusOf(ctx: CommandContext): JoinStatus {
  const sync = engine(ctx);
  const status = sync.status();
  const attempt = joins.get(sync);
  const progress = status.progress;
  const numbers = { phase: progress?.phase ?? null, done: progress?.done ?? 0, total: progress?.total ?? null };
  // After a restart mid-join the engine resumes the initial sync on its own.
  const state = attempt?.state ?? (status.configured ? (status.initialSyncDone ? 'done' : 'joining') : 'idle');
  if (state === 'done' && ctx.services.identity.facility() === null)
    return { state: 'waiting', ...numbers, error: null };
  const error = attempt?.error ?? (state === 'joining' ? status.lastError : null);
  return { state, ...numbers, error };
}

export const syncJoin = defineCommand({
  name: 'sync.join',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'EXECUTE', resourceType: 'device' },
  handler(ctx, input) {
    assertNotSetUp(ctx);
    // A mistyped code is a field error at once, not a failed join a moment later.
    if (enrollmentSecrets(input.code) === null) throw invalidField('code', MESSAGES.badCode);
    ctx.setAuditPurpose(`join a facility through ${input.serverUrl}`);
    return startJoin(ctx, () => engine(ctx).join({ serverUrl: input.serverUrl, code: input.code }));
  },
});

export const syncRecover = defineCommand({
  name: 'sync.recover',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'EXECUTE', resourceType: 'recovery_kit' },
  handler(ctx, input) {
    assertNotSetUp(ctx);
    if (recoveryIdentity(input.secret, input.facilityId) === null) throw invalidField('secret', MESSAGES.badSecret);
    ctx.setAuditResource(input.facilityId);
    ctx.setAuditPurpose(`rebuild from a recovery kit through ${input.serverUrl}`);
    return startJoin(ctx, () => engine(ctx).recover(input));
  },
});

export const syncJoinStatus = defineCommand({
  name: 'sync.joinStatus',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'sync' },
  handler: (ctx) => joinStatusOf(ctx),
});

/**
 * A recovery kit never expires and opens every record of the facility, more
 * than any enrollment code (one use, at most 7 days). So it takes the key
 * permission, held by the site admins, rather than devices.enroll, which IT
 * support holds without any access to clinical records.
 */
export const createRecoveryKit = defineCommand({
  name: 'sync.createRecoveryKit',
  access: 'devices.rotate_keys',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'CREATE', resourceType: 'recovery_kit' },
  awaitsSlowWork: true,
  async handler(ctx) {
    requireConnected(ctx);
    const kit = await withServer(() => engine(ctx).createRecoveryKit());
    ctx.setAuditResource(kit.facilityId);
    ctx.setAuditPurpose('recovery kit created; any earlier kit no longer works');
    const link = `zahanati://recover?${new URLSearchParams({
      server: kit.serverUrl,
      facility: kit.facilityId,
      secret: kit.secret,
    }).toString()}`;
    return { ...kit, qrCodeDataUrl: await qrCode(link) };
  },
});

// ---- devices -----------------------------------------------------------------------------------------

export const listDevices = defineCommand({
  name: 'sync.devices',
  access: 'devices.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'device' },
  awaitsSlowWork: true,
  async handler(ctx) {
    requireConnected(ctx);
    const devices = await withServer(() => engine(ctx).listDevices());
    ctx.setAuditRecordCount(devices.length);
    return { devices };
  },
});

export const revokeDevice = defineCommand({
  name: 'sync.revokeDevice',
  access: 'devices.revoke',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'DELETE', resourceType: 'device' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    const status = requireConnected(ctx);
    if (input.deviceId === status.deviceId) throw new CommandError('CONFLICT', MESSAGES.revokeSelf);
    ctx.setAuditResource(input.deviceId);
    const result = await withServer(() => engine(ctx).revokeDevice(input.deviceId));
    ctx.setAuditPurpose(`device revoked; facility key rotated to ${result.newKeyId}`);
    return result;
  },
});

// ---- conflicts ---------------------------------------------------------------------------------------

/** The conflict log is kept forever; one read lists at most this many. */
const MAX_CONFLICTS_SCANNED = 5_000;

export const listConflicts = defineCommand({
  name: 'sync.conflicts',
  access: 'sync.resolve_conflicts',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'sync_conflict' },
  handler(ctx, input) {
    const records = engine(ctx).conflicts({ includeReviewed: input.includeReviewed, limit: input.limit });
    const conflicts = conflictViews(ctx, records);
    ctx.setAuditRecordCount(conflicts.filter((conflict) => conflict.values !== null).length);
    return { conflicts };
  },
});

export const markConflictReviewed = defineCommand({
  name: 'sync.markConflictReviewed',
  access: 'sync.resolve_conflicts',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'sync_conflict' },
  handler(ctx, input) {
    const sync = engine(ctx);
    const open = sync.conflicts({ includeReviewed: false, limit: MAX_CONFLICTS_SCANNED });
    if (!open.some((conflict) => conflict.id === input.conflictId)) {
      throw new CommandError('NOT_FOUND', MESSAGES.conflictNotFound);
    }
    ctx.setAuditResource(input.conflictId);
    sync.markConflictReviewed(input.conflictId, signedInUserId(ctx), ctx.now);
    return { ok: true as const };
  },
});

function signedInUserId(ctx: CommandContext): string {
  if (ctx.session === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  return ctx.session.userId;
}

/** Each conflict with only what the caller may see of it (conflict-visibility.ts). */
function conflictViews(ctx: CommandContext, records: readonly ConflictRecord[]): SyncConflictView[] {
  if (ctx.session === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  const visibility = new ConflictVisibility(ctx.store.db, ctx.session, callerScope(ctx));
  const names = new Map<string, string | null>();
  const nameOf = (userId: string): string | null => {
    if (!names.has(userId)) names.set(userId, ctx.services.identity.userById(userId)?.display_name ?? null);
    return names.get(userId) ?? null;
  };
  return records.map((record) => {
    const visible = visibility.of(record);
    return {
      id: record.id,
      table: record.tableName,
      rowId: visible.values === null ? null : record.rowId,
      column: record.columnName,
      values: visible.values,
      patientId: visible.patientId,
      winningHlc: record.winningHlc,
      losingHlc: record.losingHlc,
      losingDeviceId: record.losingDeviceId,
      detectedAt: record.detectedAt,
      reviewedAt: record.reviewedAt,
      reviewedByName: record.reviewedBy === null ? null : nameOf(record.reviewedBy),
    };
  });
}

export const syncCommands = [
  syncStatusCommand,
  syncConnect,
  syncNow,
  createEnrollmentCode,
  syncJoin,
  syncRecover,
  syncJoinStatus,
  createRecoveryKit,
  listDevices,
  revokeDevice,
  listConflicts,
  markConflictReviewed,
];
