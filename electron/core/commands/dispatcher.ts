import { AsyncLocalStorage } from 'node:async_hooks';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { failure, type CommandResult, type ErrorCode, type FieldIssue } from '../../../shared/api/errors';
import type { AccessPolicy } from '../access/policy';
import type { Session, SessionResolver } from '../access/session';
import type { AuditEntry, AuditSink } from '../audit/trail';
import type { Store } from '../db/store';
import type { CoreServices } from '../services';
import type { CommandTable, Contract } from './table';
import { CommandError, type AppInfo, type CommandContext, type CommandDefinition } from './types';

/** Core never logs record content: only the command name and the error's class. */
export interface CoreLogger {
  error(event: string, fields: Record<string, string>): void;
}

export interface DispatcherDeps {
  app: AppInfo;
  store: Store;
  services: CoreServices;
  contract: Contract;
  table: CommandTable;
  sessions: SessionResolver;
  access: AccessPolicy;
  audit: AuditSink;
  clock?: () => Date;
  logger?: CoreLogger;
}

const MESSAGES = {
  unknownCommand: 'This action is not available in this version of Zahanati.',
  validation: 'Some details are missing or not valid. Check the highlighted fields.',
  internal: 'Something went wrong and nothing was saved. Try again; if it keeps happening, tell your IT support.',
} as const;

/**
 * The most commands one transaction carries. Bounded so that a long queue
 * (many windows, a burst of reads) still commits, and answers, every so often.
 */
export const MAX_GROUP = 64;

/** How many transactions the dispatcher committed, and for how many commands (benchmarks report the ratio). */
export interface CommitStats {
  readonly commits: number;
  readonly commands: number;
}

type Reply = (result: CommandResult<unknown>) => void;

interface CommandJob {
  readonly kind: 'command';
  readonly callerId: string;
  readonly name: unknown;
  readonly rawInput: unknown;
  readonly reply: Reply;
}

interface ExclusiveJob {
  readonly kind: 'exclusive';
  readonly run: () => void;
}

type Job = CommandJob | ExclusiveJob;

/** A command that has run inside the open transaction and waits for its COMMIT. */
interface Settled {
  readonly job: CommandJob;
  readonly result: CommandResult<unknown>;
  /** The entry to audit alone should the transaction not commit. */
  readonly entry: AuditEntry;
}

/** What a command needs once it passed validation and access. */
interface Admitted {
  readonly command: CommandDefinition;
  readonly session: Session | null;
  readonly input: unknown;
  readonly auditBase: AuditEntry;
}

const SAVEPOINT = 'zahanati_command';

/**
 * Runs every command the same way: validate → resolve session → check access
 * (permission, step-up, shift) → run the handler → audit → typed result.
 *
 * Commands run one at a time, from one queue. Commands that are already
 * waiting when one finishes share its transaction (group commit): each runs in
 * its own SAVEPOINT, so a refused or failed command rolls back only its own
 * writes, and the group COMMITs once. With `synchronous = FULL` every COMMIT
 * is an fsync, the dominant cost of a small command; sharing it lets a busy
 * workstation answer many commands per fsync while each reply still waits for
 * the COMMIT that made its writes (and its audit entry) durable. A group only
 * grows from commands already queued — the dispatcher never waits to collect
 * one — and a lone caller sees exactly one transaction per command, as before.
 *
 * A command whose handler awaits slow work (password hashing, the sync server)
 * says so (`awaitsSlowWork`) and runs alone, after the open group has
 * committed, so it never holds other commands' replies.
 */
export class Dispatcher {
  private readonly clock: () => Date;
  private readonly pending: Job[] = [];
  private pumping = false;
  private commits = 0;
  private groupedCommands = 0;
  /** Marks work done on behalf of a command's handler while that handler runs. */
  private readonly handlerScope = new AsyncLocalStorage<{ running: boolean }>();
  /** Every command opens and releases a savepoint: prepared once, not parsed again by each exec. */
  private savepointSteps: { readonly open: Statement; readonly release: Statement } | null = null;

  constructor(private readonly deps: DispatcherDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  dispatch(callerId: string, name: unknown, rawInput: unknown): Promise<CommandResult<unknown>> {
    return new Promise((reply) => this.enqueue({ kind: 'command', callerId, name, rawInput, reply }));
  }

  /**
   * Runs `fn` (synchronous database work, e.g. the sync engine applying a
   * batch) on the same one-at-a-time queue as commands, after the open group
   * of commands has committed, outside any transaction of theirs. Called from
   * inside a running handler (a command awaiting the engine), it runs at once,
   * within that command's transaction: queueing it would wait for the command
   * that waits for it.
   */
  exclusive<T>(fn: () => T): Promise<T> {
    if (this.handlerScope.getStore()?.running === true) {
      try {
        return Promise.resolve(fn());
      } catch (error) {
        return Promise.reject(asError(error));
      }
    }
    return new Promise<T>((resolve, reject) =>
      this.enqueue({
        kind: 'exclusive',
        run: () => {
          try {
            resolve(fn());
          } catch (error) {
            reject(asError(error));
          }
        },
      }),
    );
  }

  /** Transactions committed so far and the commands they carried. */
  commitStats(): CommitStats {
    return { commits: this.commits, commands: this.groupedCommands };
  }

  /**
   * Audits what happened before any command could run: the workstation unlock
   * (and the wrong passphrases before it), which precede the open store.
   */
  recordBeforeOpen(entries: readonly AuditEntry[]): Promise<void> {
    return this.exclusive(() => {
      for (const entry of entries) this.auditAlone(entry);
    });
  }

  private enqueue(job: Job): void {
    this.pending.push(job);
    if (this.pumping) return;
    this.pumping = true;
    // Started on the next turn of the event loop, not at once: the callers
    // answered by the last COMMIT, and IPC messages that arrived meanwhile,
    // queue their commands first and share the next transaction. This is a
    // yield, not a timed wait: an idle dispatcher starts within the same turn.
    setImmediate(() => void this.pump());
  }

  private async pump(): Promise<void> {
    for (let job = this.pending.shift(); job !== undefined; job = this.pending.shift()) {
      if (job.kind === 'exclusive') job.run();
      else await this.runGroup(job);
    }
    this.pumping = false;
  }

  private isSlow(job: Job): boolean {
    return job.kind === 'command' && this.commandNamed(job.name)?.awaitsSlowWork === true;
  }

  /** The next queued job if it may join the open group. */
  private nextGroupable(): CommandJob | undefined {
    const next = this.pending[0];
    if (next === undefined || next.kind !== 'command' || this.isSlow(next)) return undefined;
    this.pending.shift();
    return next;
  }

  /**
   * Runs `first` and, unless it awaits slow work, the commands queued behind
   * it, in one transaction, then COMMITs and answers them all.
   */
  private async runGroup(first: CommandJob): Promise<void> {
    const { db } = this.deps.store;
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      this.logInternal(this.commandLabel(first.name), error);
      first.reply(failure('INTERNAL', MESSAGES.internal));
      return;
    }
    const settled: Settled[] = [];
    const alone = this.isSlow(first);
    for (let job: CommandJob | undefined = first; job !== undefined;) {
      settled.push(await this.runInSavepoint(job));
      // A few errors (a full disk, I/O) make SQLite roll back the whole
      // transaction: then the earlier commands' writes are gone too.
      if (!db.inTransaction) return this.failGroup(settled);
      job = alone || settled.length >= MAX_GROUP ? undefined : this.nextGroupable();
    }
    try {
      db.exec('COMMIT');
    } catch (error) {
      this.logInternal(settled.map((s) => this.commandLabel(s.job.name)).join(','), error);
      return this.failGroup(settled);
    }
    this.commits += 1;
    this.groupedCommands += settled.length;
    for (const { job, result } of settled) job.reply(result);
  }

  /**
   * Nothing the group wrote is durable: every command fails as INTERNAL (even
   * a refusal, which may have rested on an earlier command's rolled-back
   * writes), and each failure is audited on its own.
   */
  private failGroup(settled: readonly Settled[]): void {
    this.rollbackAll();
    for (const { job, entry } of settled) {
      this.auditAlone({ ...entry, outcome: 'failed', errorCode: 'INTERNAL' });
      job.reply(failure('INTERNAL', MESSAGES.internal));
    }
  }

  /** Runs one command inside the open transaction, in its own savepoint; never throws. */
  private async runInSavepoint(job: CommandJob): Promise<Settled> {
    let entry = unknownCommandEntry(null, this.clock(), 'INTERNAL');
    try {
      this.savepointStep('open');
      const admitted = this.admit(job);
      if ('refusal' in admitted) {
        this.auditAlone(admitted.entry);
        this.savepointStep('release');
        return { job, result: admitted.refusal, entry: admitted.entry };
      }
      const audit: AuditEntry = { ...admitted.auditBase };
      entry = audit;
      try {
        const output = await this.runHandler(job.callerId, admitted, audit);
        const value: unknown = this.contractOf(admitted.command).output.parse(output);
        this.deps.audit.record({ ...audit, outcome: 'allowed', errorCode: null });
        this.savepointStep('release');
        return { job, result: { ok: true, value }, entry: audit };
      } catch (error) {
        return { job, result: this.settleFailure(admitted.command, audit, error), entry: audit };
      }
    } catch (error) {
      // The dispatcher's own steps failed (the session or savepoint could not be read or made).
      this.logInternal(this.commandLabel(job.name), error);
      this.rollbackSavepoint(this.commandLabel(job.name));
      this.auditAlone({ ...entry, outcome: 'failed', errorCode: 'INTERNAL' });
      return { job, result: failure('INTERNAL', MESSAGES.internal), entry };
    }
  }

  private savepointStep(step: 'open' | 'release'): void {
    const { db } = this.deps.store;
    this.savepointSteps ??= {
      open: db.prepare(`SAVEPOINT ${SAVEPOINT}`),
      release: db.prepare(`RELEASE ${SAVEPOINT}`),
    };
    this.savepointSteps[step].run();
  }

  /** Validation, session and access: a refusal to audit, or what the handler needs. */
  private admit(job: CommandJob): Admitted | { refusal: CommandResult<unknown>; entry: AuditEntry } {
    const now = this.clock();
    const session = this.deps.sessions.resolve(job.callerId, now);
    const command = this.commandNamed(job.name);
    if (command === undefined) {
      return {
        refusal: failure('UNKNOWN_COMMAND', MESSAGES.unknownCommand),
        entry: unknownCommandEntry(session, now, 'UNKNOWN_COMMAND'),
      };
    }
    const auditBase = baseEntry(command, session, now);
    const parsed = this.contractOf(command).input.safeParse(job.rawInput);
    if (!parsed.success) {
      return {
        refusal: failure('VALIDATION', MESSAGES.validation, fieldIssues(parsed.error)),
        entry: { ...auditBase, outcome: 'denied', errorCode: 'VALIDATION' },
      };
    }
    const denial = this.deps.access.check(command, session, now);
    if (denial !== null) {
      return {
        refusal: failure(denial.code, denial.message),
        entry: { ...auditBase, outcome: 'denied', errorCode: denial.code },
      };
    }
    if (command.passive !== true) this.deps.sessions.touch(job.callerId, now);
    return { command, session, input: parsed.data, auditBase };
  }

  private async runHandler(callerId: string, admitted: Admitted, audit: AuditEntry): Promise<unknown> {
    const { command, session, input } = admitted;
    const ctx: CommandContext = {
      app: this.deps.app,
      store: this.deps.store,
      services: this.deps.services,
      callerId,
      session,
      now: audit.occurredAt,
      setAuditResource: (id) => void (audit.resourceId = id),
      setAuditPatient: (patientId) => void (audit.patientId = patientId),
      setAuditUser: (userId) => void (audit.userId = userId),
      setAuditAction: (action) => void (audit.action = action),
      setAuditPurpose: (purpose) => void (audit.purpose = purpose),
      setAuditRecordCount: (count) => void (audit.recordCount = count),
    };
    const scope = { running: true };
    return this.handlerScope.run(scope, async () => {
      try {
        return await command.handler(ctx, input as never);
      } finally {
        scope.running = false;
      }
    });
  }

  /**
   * A typed refusal rolls back its savepoint, unless it asks to keep its
   * writes (a failed login must count even though the login fails); anything
   * else is INTERNAL. The failure's audit entry stays in the transaction.
   */
  private settleFailure(command: CommandDefinition, audit: AuditEntry, error: unknown): CommandResult<unknown> {
    const { db } = this.deps.store;
    const expected = error instanceof CommandError ? error : null;
    const code: ErrorCode = expected?.code ?? 'INTERNAL';
    const failedEntry: AuditEntry = { ...audit, outcome: 'failed', errorCode: code };
    if (expected?.keepChanges === true && db.inTransaction) {
      try {
        this.deps.audit.record(failedEntry);
        db.exec(`RELEASE ${SAVEPOINT}`);
        return failure(code, expected.message, expected.issues);
      } catch (releaseError) {
        this.logInternal(command.name, releaseError);
      }
    }
    this.rollbackSavepoint(command.name);
    if (expected === null) this.logInternal(command.name, error);
    this.auditAlone(failedEntry);
    return expected === null
      ? failure('INTERNAL', MESSAGES.internal)
      : failure(code, expected.message, expected.issues);
  }

  private rollbackSavepoint(commandName: string): void {
    const { db } = this.deps.store;
    if (!db.inTransaction) return;
    try {
      this.forgetCachedReads();
      db.exec(`ROLLBACK TO ${SAVEPOINT}`);
      db.exec(`RELEASE ${SAVEPOINT}`);
    } catch (error) {
      // The savepoint is gone (the handler ended it): the whole group cannot be trusted.
      this.logInternal(commandName, error);
      this.rollbackAll();
    }
  }

  private rollbackAll(): void {
    const { db } = this.deps.store;
    this.forgetCachedReads();
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } catch (error) {
      this.logInternal('(rollback)', error);
    }
  }

  /**
   * Sessions (access) and the access policy (clock-ins) resolved later in the
   * group may have cached what they read from writes about to be rolled back.
   */
  private forgetCachedReads(): void {
    this.deps.sessions.invalidate?.();
    this.deps.access.invalidate?.();
  }

  /** A name fit for the log: a known command's name, never caller-supplied text. */
  private commandLabel(name: unknown): string {
    return this.commandNamed(name)?.name ?? '(unknown)';
  }

  private commandNamed(name: unknown): CommandDefinition | undefined {
    return typeof name === 'string' ? this.deps.table.get(name) : undefined;
  }

  private contractOf(command: CommandDefinition): Contract[string] {
    const contract = this.deps.contract[command.name];
    if (contract === undefined) throw new Error(`Command ${command.name} has no contract entry`);
    return contract;
  }

  /** Audits an attempt that changed nothing; failing to audit it must not hide the original answer. */
  private auditAlone(entry: AuditEntry): void {
    try {
      this.deps.audit.record(entry);
    } catch (error) {
      this.logInternal(entry.command, error);
    }
  }

  private logInternal(command: string, error: unknown): void {
    this.deps.logger?.error('command_failed', {
      command,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

function baseEntry(command: CommandDefinition, session: Session | null, now: Date): AuditEntry {
  return {
    occurredAt: now,
    userId: session?.userId ?? null,
    command: command.name,
    action: command.audit.action,
    resourceType: command.audit.resourceType,
    resourceId: null,
    patientId: null,
    purpose: null,
    recordCount: null,
    outcome: 'allowed',
    errorCode: null,
  };
}

function unknownCommandEntry(session: Session | null, now: Date, errorCode: ErrorCode): AuditEntry {
  return {
    occurredAt: now,
    userId: session?.userId ?? null,
    command: '(unknown)',
    action: 'EXECUTE',
    resourceType: 'command',
    resourceId: null,
    patientId: null,
    purpose: null,
    recordCount: null,
    outcome: errorCode === 'INTERNAL' ? 'failed' : 'denied',
    errorCode,
  };
}

function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
