/**
 * The sync client: pushes this workstation's change log as sealed batches,
 * pulls and merges everyone else's, keeps the facility keyring, enrolls and
 * rebuilds workstations, and runs itself on an interval with backoff.
 *
 * Crash safety comes from the order of steps, not from luck:
 * - a batch is stored in the outbox (with its sequence number taken) before it
 *   is pushed, and leaves it only once the server holds it; after a crash the
 *   same bytes go again and the server answers "duplicate";
 * - a pulled page is applied and the pull cursor advanced in one transaction;
 *   after a crash the page is pulled again and applying it again changes nothing.
 *
 * Local database work runs through `exclusive` (the dispatcher's queue), in
 * short synchronous steps; network waits never hold it.
 */
import { z } from 'zod';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { KeyObject } from 'node:crypto';
import type { HybridLogicalClock } from '../../../shared/sync/hlc';
import {
  batchHeaderSchema,
  createEnrollmentResponseSchema,
  deviceInfoSchema,
  deviceListResponseSchema,
  keyEnvelopeResponseSchema,
  MAX_ENROLLMENT_TTL_SECONDS,
  pullPageSchema,
  pushBatchResponseSchema,
  redeemEnrollmentResponseSchema,
  redeemRecoveryResponseSchema,
  type DeviceInfo,
  type StoredBatch,
} from '../../../shared/sync/wire';
import { ChangeApplier, inApplyTransaction } from './apply';
import { deferIndexes, hasDeferredIndexes, restoreIndexes } from './deferred-indexes';
import {
  cutBatch,
  decodeBase64,
  MAX_BATCH_BYTES,
  MAX_BATCH_CHANGES,
  openBatch,
  sealBatch,
  type WireChange,
} from './batch';
import type { CaptureControl } from './capture';
import { SyncClient, type FetchLike, type Signer } from './client';
import {
  enrollmentSecrets,
  newDataKey,
  newEnrollmentCode,
  newRecoverySecret,
  openFromDevice,
  openWithSecretKey,
  publicKeyFromRaw,
  recoveryIdentity,
  sealToDevice,
  sealWithSecretKey,
  type DeviceKeys,
} from './crypto';
import type {
  ConflictRecord,
  DeviceSummary,
  EnrollmentCode,
  RecoveryKit,
  SyncApi,
  SyncPhase,
  SyncProgress,
  SyncRunResult,
  SyncStatusSnapshot,
} from './engine-api';
import { MESSAGES, plainMessage, SyncError } from './errors';
import { currentKey, decodeKeyring, encodeKeyring, newKeyId, type FacilityKey } from './keyring';
import { SyncStateStore, type OutboxRow } from './state';

/** A clock more than this far from the server's gets a warning (never a refusal). */
export const CLOCK_SKEW_WARNING_MS = 5 * 60 * 1000;

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface SyncEngineOptions {
  /** The HTTP client (global fetch by default); tests inject failures here. */
  fetch?: FetchLike;
  /** Time between automatic runs; default 60 s. */
  intervalMs?: number;
  /** Backoff after failures: full jitter over min(max, base × 2^(failures−1)); default 5 s to 15 min. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  timers?: Timers;
  requestTimeoutMs?: number;
  /** Batches per pull page (one transaction each, while the next page travels); default 50. */
  pullPageSize?: number;
  /** Changes per pushed batch; default 2,000 (bytes are bounded too). */
  maxBatchChanges?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Test seam: runs inside the apply transaction, just before it commits (throw to simulate a crash there). */
  beforeApplyCommit?: () => void;
}

export interface SyncEngineDeps {
  db: Database;
  capture: CaptureControl;
  hlc: HybridLogicalClock;
  /** This workstation's id: its HLC node and its device id on the server. */
  workstationId: string;
  /** The workstation clock (moves in tests; may be days off in the field). */
  now: () => Date;
  /** The facility set up on this workstation, if any. */
  facilityId: () => string | null;
  reindexPatient: (patientId: string) => void;
  /** Runs database work on the dispatcher's one-at-a-time queue. */
  exclusive: <T>(fn: () => T) => Promise<T>;
}

export interface EngineRunResult extends SyncRunResult {
  /** Batches the server already held (re-pushed after an interruption). */
  duplicatePushes: number;
}

interface KnownDevice {
  info: DeviceInfo;
  publicKey: KeyObject;
}

const anything = z.unknown();

export class SyncEngine implements SyncApi {
  private readonly state: SyncStateStore;
  private readonly deviceKeys: DeviceKeys;
  private readonly applier: ChangeApplier;
  private readonly options: Required<Omit<SyncEngineOptions, 'onProgress' | 'beforeApplyCommit' | 'fetch'>> & {
    fetch: FetchLike;
  };
  private skewMs: number | null;
  private online: boolean | null = null;
  private progress: SyncProgress | null = null;
  private busy: Promise<unknown> | null = null;
  private running: Promise<EngineRunResult> | null = null;
  private devices = new Map<string, KnownDevice>();
  // The automatic loop.
  private loopOn = false;
  private timer: unknown = null;
  private failures = 0;
  private nextAttemptAt: Date | null = null;
  private closed = false;

  private readonly hooks: Pick<SyncEngineOptions, 'onProgress' | 'beforeApplyCommit'>;

  constructor(
    private readonly deps: SyncEngineDeps,
    options: SyncEngineOptions = {},
  ) {
    this.hooks = options;
    this.state = new SyncStateStore(deps.db);
    this.options = {
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      intervalMs: options.intervalMs ?? 60_000,
      backoffBaseMs: options.backoffBaseMs ?? 5_000,
      backoffMaxMs: options.backoffMaxMs ?? 15 * 60_000,
      random: options.random ?? Math.random,
      timers: options.timers ?? {
        set: (fn, ms) => setTimeout(fn, ms).unref(),
        clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
      },
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      pullPageSize: options.pullPageSize ?? 50,
      maxBatchChanges: options.maxBatchChanges ?? MAX_BATCH_CHANGES,
    };
    // Constructed at start-up, before any command runs: safe to write directly.
    this.deviceKeys = this.state.deviceKeys();
    const row = this.state.row();
    this.skewMs = row.skew_ms;
    // A local edit made after applying a remote one must order after it, even across a restart.
    if (row.max_remote_hlc !== null) deps.hlc.receive(row.max_remote_hlc);
    this.applier = new ChangeApplier(
      deps.db,
      { reindexPatient: deps.reindexPatient, observe: (hlc) => void deps.hlc.receive(hlc) },
      deps.now,
    );
  }

  get deviceId(): string {
    return this.deps.workstationId;
  }

  // --- status --------------------------------------------------------------------------------

  status(): SyncStatusSnapshot {
    const row = this.state.row();
    const configured = this.isConfigured();
    const skew = this.skewMs;
    return {
      configured,
      serverUrl: row.server_url,
      deviceId: configured ? this.deviceId : null,
      facilityId: row.facility_id,
      online: this.online,
      lastSyncAt: row.last_sync_at,
      lastError: row.last_error,
      pendingChanges: this.state.pendingRecordChanges(),
      running: this.busy !== null,
      progress: this.progress,
      initialSyncDone: row.initial_sync_done === 1,
      clockSkewMs: skew,
      clockSkewWarning: skew !== null && Math.abs(skew) > CLOCK_SKEW_WARNING_MS,
      conflictsToReview: this.state.conflictsToReview(),
      currentKeyId: currentKey(this.state.keys())?.keyId ?? null,
      nextAttemptAt: this.nextAttemptAt?.toISOString() ?? null,
    };
  }

  conflicts(filter: { includeReviewed: boolean; limit: number }): ConflictRecord[] {
    return this.state.conflicts(filter);
  }

  markConflictReviewed(id: string, userId: string, at: Date): void {
    this.state.markConflictReviewed(id, userId, at);
  }

  private isConfigured(): boolean {
    const row = this.state.row();
    return row.registered === 1 && row.server_url !== null && row.facility_id !== null;
  }

  private configured(): { serverUrl: string; facilityId: string; client: SyncClient } {
    const row = this.state.row();
    if (row.registered !== 1 || row.server_url === null || row.facility_id === null) {
      throw new SyncError('state', MESSAGES.notConnected);
    }
    return { serverUrl: row.server_url, facilityId: row.facility_id, client: this.client(row.server_url) };
  }

  private client(serverUrl: string): SyncClient {
    return new SyncClient(serverUrl.replace(/\/+$/, ''), {
      fetch: this.options.fetch,
      now: () => this.deps.now().getTime(),
      skew: { get: () => this.skewMs, set: (ms) => void (this.skewMs = ms) },
      timeoutMs: this.options.requestTimeoutMs,
    });
  }

  private get signer(): Signer {
    return { deviceId: this.deviceId, signKey: this.deviceKeys.signPrivate };
  }

  private get ownKeys() {
    return {
      deviceId: this.deviceId,
      publicKey: this.deviceKeys.signPublic.toString('base64'),
      boxPublicKey: this.deviceKeys.boxPublic.toString('base64'),
    };
  }

  /** The server's clock, as well as this workstation knows it. */
  private serverNow(): Date {
    return new Date(this.deps.now().getTime() - (this.skewMs ?? 0));
  }

  private setProgress(phase: SyncPhase, done: number, total: number | null): void {
    this.progress = { phase, done, total };
    this.hooks.onProgress?.(this.progress);
  }

  /** One long operation at a time (a run, a join, a rebuild). */
  private exclusiveRun<T>(run: () => Promise<T>): Promise<T> {
    if (this.busy !== null)
      return Promise.reject(new SyncError('state', 'Sync is already running. Wait for it to finish.'));
    const started = run().finally(() => {
      this.busy = null;
      this.progress = null;
    });
    this.busy = started;
    return started;
  }

  // --- connecting the first workstation ------------------------------------------------------

  async connect(input: { serverUrl: string; bootstrapToken: string }): Promise<SyncStatusSnapshot> {
    const facilityId = this.deps.facilityId();
    if (facilityId === null) throw new SyncError('state', 'Set the facility up on this workstation first.');
    const row = this.state.row();
    const serverUrl = input.serverUrl.replace(/\/+$/, '');
    if (row.registered === 1 && row.facility_id !== facilityId) throw new SyncError('state', MESSAGES.alreadySetUp);
    // Cursors and batch numbers belong to one server: moving to another is a rebuild, not a reconnect.
    if (row.registered === 1 && row.server_url !== serverUrl) {
      throw new SyncError('state', `This workstation is already connected to ${row.server_url ?? 'a sync server'}.`);
    }
    const client = this.client(serverUrl);
    await client.request(
      this.signer,
      'POST',
      '/v1/devices/register',
      { facilityId, ...this.ownKeys, bootstrapToken: input.bootstrapToken },
      deviceInfoSchema,
      { idempotent: true },
    );
    await this.deps.exclusive(() => {
      this.state.configure(serverUrl, facilityId);
      if (this.state.keys().length === 0) this.state.addKeys([this.newFacilityKey(1)]);
    });
    await this.publishKeyring(client, facilityId, 'self');
    this.online = true;
    return this.status();
  }

  private newFacilityKey(generation: number): FacilityKey {
    return { keyId: newKeyId(), key: newDataKey(), generation, createdAt: this.serverNow().toISOString() };
  }

  // --- the run: keys, push, pull -------------------------------------------------------------

  syncNow(): Promise<EngineRunResult> {
    if (this.running !== null) return this.running;
    if (!this.isConfigured()) return Promise.reject(new SyncError('state', MESSAGES.notConnected));
    if (this.busy !== null)
      return Promise.reject(new SyncError('state', 'Sync is already running. Wait for it to finish.'));
    const run = this.exclusiveRun(() => this.runOnce('pulling'));
    this.running = run.finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(pullPhase: SyncPhase): Promise<EngineRunResult> {
    const result: EngineRunResult = {
      pushedChanges: 0,
      pulledBatches: 0,
      appliedChanges: 0,
      newConflicts: 0,
      duplicatePushes: 0,
    };
    try {
      const { facilityId, client } = this.configured();
      await this.refreshKeys(client, facilityId);
      await this.shareKeyring(client, facilityId);
      if (pullPhase === 'joining') await this.deferIndexesForJoin();
      await this.push(client, facilityId, result);
      await this.pull(client, facilityId, result, pullPhase);
      this.online = true;
      await this.deps.exclusive(() =>
        this.deps.db.transaction(() => {
          // The run that completes an initial sync also builds the indexes it deferred (see deferred-indexes.ts).
          if (hasDeferredIndexes(this.deps.db)) restoreIndexes(this.deps.db);
          this.state.recordSuccess(this.deps.now());
          if (this.skewMs !== null) this.state.setSkew(this.skewMs);
          this.state.setInitialSyncDone();
        })(),
      );
      return result;
    } catch (error) {
      await this.recordFailure(error);
      throw error instanceof SyncError ? error : new SyncError('refused', plainMessage(error));
    }
  }

  /** A joining workstation loads the facility's history without the indexes it builds once at the end. */
  private deferIndexesForJoin(): Promise<void> {
    const { db } = this.deps;
    return this.deps.exclusive(() =>
      db.transaction(() => {
        if (!hasDeferredIndexes(db)) deferIndexes(db);
      })(),
    );
  }

  private async recordFailure(error: unknown): Promise<void> {
    this.online = !(error instanceof SyncError && error.kind === 'offline');
    const message = plainMessage(error);
    await this.deps
      .exclusive(() => {
        this.state.recordError(message);
        if (this.skewMs !== null) this.state.setSkew(this.skewMs);
      })
      .catch(() => undefined);
  }

  private async push(client: SyncClient, facilityId: string, result: EngineRunResult): Promise<void> {
    let total = this.state.pendingChanges();
    this.setProgress('pushing', 0, total);
    // First whatever was sealed before an interruption, byte for byte.
    for (const row of this.state.outbox()) {
      await this.pushOne(client, row, result, total);
      await this.deps.exclusive(() => this.state.markPushed(row.sequence, row.last_seq));
    }
    let next = await this.deps.exclusive(() => this.sealNext(facilityId));
    // A batch the server holds but not yet marked pushed here: marked in the transaction that seals the one
    // after next, so each batch costs one durable commit, not two. If the mark is lost, the batch is sent
    // again from the outbox and the server answers "duplicate".
    let unmarked: OutboxRow | null = null;
    while (next !== null) {
      // Counted once per run: recounting the rest of the log before every batch made a long push quadratic.
      total = Math.max(total, result.pushedChanges + next.change_count);
      // The server takes one device's batches in order, one at a time; the next one is sealed (and kept in
      // the outbox, so a crash loses nothing) while this one is on the wire.
      const pushed = unmarked;
      const [sent, sealed] = await Promise.allSettled([
        this.pushOne(client, next, result, total),
        this.deps.exclusive(() =>
          this.deps.db.transaction(() => {
            if (pushed !== null) this.state.markPushed(pushed.sequence, pushed.last_seq);
            return this.sealNext(facilityId);
          })(),
        ),
      ]);
      if (sent.status === 'rejected') throw sent.reason;
      if (sealed.status === 'rejected') throw sealed.reason;
      unmarked = next;
      next = sealed.value;
    }
    const last = unmarked;
    if (last !== null) await this.deps.exclusive(() => this.state.markPushed(last.sequence, last.last_seq));
  }

  /** Cuts the next batch from the log, seals it and stores it in the outbox, in one step. */
  private sealNext(facilityId: string): OutboxRow | null {
    const changes = this.state.changesAfter(this.state.lastSealedSeq(), this.options.maxBatchChanges, MAX_BATCH_BYTES);
    if (changes.length === 0) return null;
    const key = currentKey(this.state.keys());
    if (key === null) throw new SyncError('state', MESSAGES.noKeyring);
    const cut = cutBatch(changes, this.options.maxBatchChanges);
    const sequence = this.state.row().next_sequence;
    const sealed = sealBatch(
      cut,
      { facilityId, deviceId: this.deviceId, sequence, key, createdAt: this.serverNow() },
      this.deviceKeys.signPrivate,
    );
    const row: OutboxRow = {
      sequence,
      first_seq: cut.changes[0]?.seq ?? 0,
      last_seq: cut.changes.at(-1)?.seq ?? 0,
      change_count: cut.changes.length,
      header: JSON.stringify(sealed.header),
      ciphertext: sealed.ciphertext,
      signature: sealed.signature,
    };
    this.state.addToOutbox(row);
    return row;
  }

  /** Sends one sealed batch; the caller marks it pushed. */
  private async pushOne(client: SyncClient, row: OutboxRow, result: EngineRunResult, total: number): Promise<void> {
    const header = batchHeaderSchema.parse(JSON.parse(row.header));
    const answer = await client.request(
      this.signer,
      'POST',
      '/v1/batches',
      { header, ciphertext: row.ciphertext.toString('base64'), signature: row.signature.toString('base64') },
      pushBatchResponseSchema,
      { idempotent: true }, // the server keeps a (device, sequence) once and answers a repeat as a duplicate
    );
    result.pushedChanges += row.change_count;
    if (answer.duplicate) result.duplicatePushes += 1;
    this.setProgress('pushing', result.pushedChanges, total);
  }

  private async pull(client: SyncClient, facilityId: string, result: EngineRunResult, phase: SyncPhase) {
    let cursor = this.state.row().pull_cursor;
    const refreshed = { devices: false, keys: false };
    this.setProgress(phase, 0, null);
    let fetching = this.fetchPage(client, cursor);
    for (;;) {
      const page = await fetching;
      const opened: { cursor: number; changes: WireChange[] }[] = [];
      let failure: unknown = null;
      for (const batch of page.batches) {
        try {
          const changes =
            batch.header.deviceId === this.deviceId
              ? [] // our own, already here
              : await this.openVerified(client, facilityId, batch, refreshed);
          opened.push({ cursor: batch.cursor, changes });
        } catch (error) {
          failure = error;
          break;
        }
      }
      const more = failure === null && page.hasMore && page.batches.length > 0;
      const nextCursor = Math.max(cursor, page.nextCursor);
      // The next page travels while this one is applied. Only the apply moves the stored cursor (in its
      // transaction), so a page fetched but never applied is simply fetched again next time.
      if (more) {
        fetching = this.fetchPage(client, nextCursor);
        fetching.catch(() => undefined); // awaited below unless this page fails to apply
      }
      if (opened.length > 0) await this.applyPage(opened, result, phase);
      if (failure !== null) throw failure;
      cursor = nextCursor;
      if (!more) break;
    }
  }

  private fetchPage(client: SyncClient, after: number) {
    return client.request(
      this.signer,
      'GET',
      `/v1/batches?after=${after}&limit=${this.options.pullPageSize}`,
      undefined,
      pullPageSchema,
    );
  }

  /** Verifies and opens a batch, fetching the device list or the keyring once per run if it names one not known here. */
  private async openVerified(
    client: SyncClient,
    facilityId: string,
    batch: StoredBatch,
    refreshed: { devices: boolean; keys: boolean },
  ): Promise<WireChange[]> {
    if (!this.devices.has(batch.header.deviceId) && !refreshed.devices) {
      refreshed.devices = true;
      await this.loadDevices(client);
    }
    const keyKnown = () => this.state.keys().some((key) => key.keyId === batch.header.keyId);
    if (!keyKnown() && !refreshed.keys) {
      refreshed.keys = true;
      await this.refreshKeys(client, facilityId);
    }
    const keys = this.state.keys();
    const changes = openBatch(batch, {
      facilityId,
      devicePublicKey: (id) => {
        const device = this.devices.get(id);
        return device !== undefined && device.info.kind === 'workstation' && device.info.facilityId === facilityId
          ? device.publicKey
          : null;
      },
      dataKey: (id) => keys.find((key) => key.keyId === id) ?? null,
    });
    this.applier.validate(changes, batch.header.deviceId);
    return changes;
  }

  private async applyPage(
    opened: readonly { cursor: number; changes: WireChange[] }[],
    result: EngineRunResult,
    phase: SyncPhase,
  ): Promise<void> {
    if (phase !== 'joining') this.setProgress('applying', result.pulledBatches, null);
    const outcome = await this.deps.exclusive(() =>
      inApplyTransaction(this.deps.db, this.deps.capture, () => {
        let applied = 0;
        let conflicts = 0;
        let maxHlc: string | null = null;
        for (const page of opened) {
          const done = this.applier.apply(page.changes);
          applied += done.applied;
          conflicts += done.newConflicts;
          for (const change of page.changes) if (maxHlc === null || change.h > maxHlc) maxHlc = change.h;
          this.state.setCursor(page.cursor);
        }
        if (maxHlc !== null) this.state.noteRemoteHlc(maxHlc);
        this.hooks.beforeApplyCommit?.();
        return { applied, conflicts };
      }),
    );
    result.pulledBatches += opened.length;
    result.appliedChanges += outcome.applied;
    result.newConflicts += outcome.conflicts;
    this.setProgress(phase, result.pulledBatches, null);
  }

  private async loadDevices(client: SyncClient): Promise<DeviceInfo[]> {
    const { devices } = await client.request(this.signer, 'GET', '/v1/devices', undefined, deviceListResponseSchema);
    this.devices = new Map(
      devices.flatMap((info) => {
        const raw = decodeBase64(info.publicKey);
        return raw === null ? [] : [[info.deviceId, { info, publicKey: publicKeyFromRaw('ed25519', raw) }] as const];
      }),
    );
    return devices;
  }

  // --- the keyring ---------------------------------------------------------------------------

  /**
   * Takes in the keyring the server holds for this workstation (new keys after
   * a revocation elsewhere), and when this workstation holds keys the server's
   * copy lacks (a rotation whose upload was interrupted, or two at once),
   * seals the union to every active device.
   */
  private async refreshKeys(client: SyncClient, facilityId: string): Promise<void> {
    const answer = await client.request(this.signer, 'GET', '/v1/keys', undefined, keyEnvelopeResponseSchema);
    let remote: FacilityKey[] = [];
    if (answer.envelope !== null) {
      const bytes = decodeBase64(answer.envelope);
      const opened =
        bytes === null ? null : openFromDevice(bytes, this.deviceKeys.boxPrivate, this.sealedTo(facilityId));
      const keys = opened === null ? null : decodeKeyring(opened, facilityId);
      if (keys === null) {
        throw new SyncError(
          'integrity',
          'The facility key held by the server for this workstation could not be opened.',
        );
      }
      remote = keys;
      await this.deps.exclusive(() => this.state.addKeys(keys));
    }
    const remoteIds = new Set(remote.map((key) => key.keyId));
    if (this.state.keys().some((key) => !remoteIds.has(key.keyId))) {
      await this.publishKeyring(client, facilityId, 'all');
    }
  }

  private sealedTo(facilityId: string) {
    return { facilityId, deviceId: this.deviceId };
  }

  /**
   * Seals the keyring to every active device this workstation has not yet
   * sealed its current key to: a workstation enrolled with a code made before
   * a rotation, or one whose copy another workstation's upload replaced, gets
   * the keys it lacks from whichever workstation syncs next.
   */
  private async shareKeyring(client: SyncClient, facilityId: string): Promise<void> {
    const current = currentKey(this.state.keys());
    if (current === null) return;
    const done = this.state.sealedTo(current.keyId);
    const devices = await this.loadDevices(client);
    const waiting = devices.filter(
      (device) => device.status === 'active' && device.deviceId !== this.deviceId && !done.has(device.deviceId),
    );
    if (waiting.length > 0) await this.sealKeyring(client, facilityId, this.recipients(waiting));
  }

  /** Seals the whole keyring to this workstation only, or to every active device of the facility. */
  private async publishKeyring(client: SyncClient, facilityId: string, to: 'self' | 'all'): Promise<void> {
    const recipients =
      to === 'self'
        ? [{ deviceId: this.deviceId, boxPublicKey: this.deviceKeys.boxPublic }]
        : this.recipients((await this.loadDevices(client)).filter((device) => device.status === 'active'));
    await this.sealKeyring(client, facilityId, recipients);
  }

  /** A device without a box key (registered before the server kept them) cannot be sealed to yet. */
  private recipients(devices: readonly DeviceInfo[]): { deviceId: string; boxPublicKey: Buffer }[] {
    return devices.flatMap((device) => {
      const raw = device.boxPublicKey === null ? null : decodeBase64(device.boxPublicKey);
      return raw === null ? [] : [{ deviceId: device.deviceId, boxPublicKey: raw }];
    });
  }

  private async sealKeyring(
    client: SyncClient,
    facilityId: string,
    recipients: readonly { deviceId: string; boxPublicKey: Buffer }[],
  ): Promise<void> {
    const keys = this.state.keys();
    const current = currentKey(keys);
    if (current === null) throw new SyncError('state', MESSAGES.noKeyring);
    const plaintext = encodeKeyring(facilityId, keys);
    for (let start = 0; start < recipients.length; start += 500) {
      const chunk = recipients.slice(start, start + 500);
      const envelopes = chunk.map((recipient) => ({
        deviceId: recipient.deviceId,
        envelope: sealToDevice(plaintext, recipient.boxPublicKey, {
          facilityId,
          deviceId: recipient.deviceId,
        }).toString('base64'),
      }));
      await client.request(this.signer, 'PUT', '/v1/keys', { keyId: current.keyId, envelopes }, anything);
      await this.deps.exclusive(() =>
        this.state.recordSealed(
          current.keyId,
          chunk.map((recipient) => recipient.deviceId),
        ),
      );
    }
  }

  // --- enrollment ----------------------------------------------------------------------------

  async createEnrollmentCode(input: { ttlHours: number }): Promise<EnrollmentCode> {
    const { serverUrl, facilityId, client } = this.configured();
    const keys = this.state.keys();
    const current = currentKey(keys);
    if (current === null) throw new SyncError('state', MESSAGES.noKeyring);
    const code = newEnrollmentCode();
    const secrets = enrollmentSecrets(code);
    if (secrets === null) throw new Error('A new enrollment code does not read back');
    const ttlSeconds = Math.min(MAX_ENROLLMENT_TTL_SECONDS, Math.max(60, Math.round(input.ttlHours * 3600)));
    const answer = await client.request(
      this.signer,
      'POST',
      '/v1/enrollments',
      {
        codeId: secrets.codeId,
        keyId: current.keyId,
        envelope: sealWithSecretKey(encodeKeyring(facilityId, keys), secrets.envelopeKey, facilityId).toString(
          'base64',
        ),
        ttlSeconds,
      },
      createEnrollmentResponseSchema,
    );
    return { code, expiresAt: answer.expiresAt, serverUrl };
  }

  async join(input: { serverUrl: string; code: string }): Promise<SyncStatusSnapshot> {
    this.assertFresh();
    const secrets = enrollmentSecrets(input.code);
    if (secrets === null) throw new SyncError('code', MESSAGES.badCode);
    const serverUrl = input.serverUrl.replace(/\/+$/, '');
    return this.exclusiveRun(async () => {
      this.setProgress('joining', 0, null);
      const client = this.client(serverUrl);
      const answer = await client.request(
        this.signer,
        'POST',
        '/v1/enrollments/redeem',
        { ...this.ownKeys, codeId: secrets.codeId },
        redeemEnrollmentResponseSchema,
      );
      const bytes = decodeBase64(answer.envelope);
      const opened = bytes === null ? null : openWithSecretKey(bytes, secrets.envelopeKey, answer.facilityId);
      const keys = opened === null ? null : decodeKeyring(opened, answer.facilityId);
      if (keys === null) throw new SyncError('integrity', 'The facility key could not be opened with this code.');
      return this.adopt(client, serverUrl, answer.facilityId, keys);
    });
  }

  /** Stores the keyring of the facility just joined, seals it to this workstation, and pulls everything. */
  private async adopt(
    client: SyncClient,
    serverUrl: string,
    facilityId: string,
    keys: readonly FacilityKey[],
  ): Promise<SyncStatusSnapshot> {
    await this.deps.exclusive(() => {
      this.state.addKeys(keys);
      this.state.configure(serverUrl, facilityId);
    });
    await this.publishKeyring(client, facilityId, 'self');
    await this.runOnce('joining');
    return this.status();
  }

  private assertFresh(): void {
    if (this.deps.facilityId() !== null || this.isConfigured()) throw new SyncError('state', MESSAGES.alreadySetUp);
  }

  // --- recovery ------------------------------------------------------------------------------

  async createRecoveryKit(): Promise<RecoveryKit> {
    const { serverUrl, facilityId, client } = this.configured();
    const secret = newRecoverySecret();
    const identity = recoveryIdentity(secret, facilityId);
    if (identity === null) throw new Error('A new recovery secret does not read back');
    await client.request(
      this.signer,
      'POST',
      '/v1/recovery/register',
      {
        deviceId: identity.deviceId,
        publicKey: identity.keys.signPublic.toString('base64'),
        boxPublicKey: identity.keys.boxPublic.toString('base64'),
      },
      anything,
    );
    await this.sealKeyring(client, facilityId, [
      { deviceId: identity.deviceId, boxPublicKey: identity.keys.boxPublic },
    ]);
    return { facilityId, serverUrl, secret, createdAt: this.serverNow().toISOString() };
  }

  async recover(input: { serverUrl: string; facilityId: string; secret: string }): Promise<SyncStatusSnapshot> {
    this.assertFresh();
    const identity = recoveryIdentity(input.secret, input.facilityId);
    if (identity === null) throw new SyncError('code', MESSAGES.badRecovery);
    const serverUrl = input.serverUrl.replace(/\/+$/, '');
    return this.exclusiveRun(async () => {
      this.setProgress('joining', 0, null);
      const client = this.client(serverUrl);
      const kit: Signer = { deviceId: identity.deviceId, signKey: identity.keys.signPrivate };
      let answer;
      try {
        answer = await client.request(
          kit,
          'POST',
          '/v1/recovery/redeem',
          { workstation: this.ownKeys },
          redeemRecoveryResponseSchema,
        );
      } catch (error) {
        const wrongKit = error instanceof SyncError && error.kind !== 'offline' && error.serverCode !== 'RATE_LIMITED';
        throw wrongKit ? new SyncError('code', MESSAGES.badRecovery, error.serverCode) : error;
      }
      if (answer.facilityId !== input.facilityId) throw new SyncError('code', MESSAGES.badRecovery);
      const bytes = decodeBase64(answer.envelope);
      const opened =
        bytes === null
          ? null
          : openFromDevice(bytes, identity.keys.boxPrivate, {
              facilityId: input.facilityId,
              deviceId: identity.deviceId,
            });
      const keys = opened === null ? null : decodeKeyring(opened, input.facilityId);
      if (keys === null) throw new SyncError('code', MESSAGES.badRecovery);
      return this.adopt(client, serverUrl, input.facilityId, keys);
    });
  }

  // --- devices -------------------------------------------------------------------------------

  async listDevices(): Promise<DeviceSummary[]> {
    const { client } = this.configured();
    const devices = await this.loadDevices(client);
    return devices.map((device) => ({
      deviceId: device.deviceId,
      kind: device.kind,
      status: device.status,
      enrolledAt: device.enrolledAt,
      revokedAt: device.revokedAt,
      isThisWorkstation: device.deviceId === this.deviceId,
    }));
  }

  /**
   * Revokes a device, then rotates: a new data key (old ones kept, so history
   * stays readable) sealed to every device still active. The revoked one is
   * refused by the server from now on and never sees the new key.
   */
  async revokeDevice(deviceId: string): Promise<{ newKeyId: string }> {
    const { facilityId, client } = this.configured();
    if (deviceId === this.deviceId) {
      throw new SyncError('state', 'This is the workstation you are using. Revoke it from another workstation.');
    }
    await client.request(this.signer, 'POST', `/v1/devices/${encodeURIComponent(deviceId)}/revoke`, {}, anything);
    const key = await this.deps.exclusive(() => {
      const generation = Math.max(0, ...this.state.keys().map((existing) => existing.generation)) + 1;
      const fresh = this.newFacilityKey(generation);
      this.state.addKeys([fresh]);
      return fresh;
    });
    await this.publishKeyring(client, facilityId, 'all');
    return { newKeyId: key.keyId };
  }

  // --- the automatic loop --------------------------------------------------------------------

  start(): void {
    if (this.loopOn || this.closed) return;
    this.loopOn = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.loopOn = false;
    this.cancelTimer();
    await this.whenIdle();
  }

  /** Resolves once no run, join or rebuild is in flight (whatever its outcome). */
  async whenIdle(): Promise<void> {
    while (this.busy !== null) await this.busy.catch(() => undefined);
  }

  /** Stops the loop at once (the store is closing); a run in flight fails at its next step. */
  dispose(): void {
    this.closed = true;
    this.loopOn = false;
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.options.timers.clear(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    if (!this.loopOn) return;
    this.nextAttemptAt = new Date(this.deps.now().getTime() + delayMs);
    this.timer = this.options.timers.set(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (!this.loopOn) return;
    if (!this.isConfigured() || this.busy !== null) {
      this.schedule(this.options.intervalMs);
      return;
    }
    try {
      await this.syncNow();
      this.failures = 0;
      this.schedule(this.options.intervalMs);
    } catch {
      this.failures += 1;
      this.schedule(this.backoffMs());
    }
  }

  /** Full jitter: uniform over [0, min(max, base × 2^(failures−1))], at least a second. */
  backoffMs(): number {
    const cap = Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** Math.max(0, this.failures - 1));
    return Math.max(1_000, Math.floor(this.options.random() * cap));
  }
}
