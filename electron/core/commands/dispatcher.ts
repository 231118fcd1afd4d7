import { AsyncLocalStorage } from 'node:async_hooks';
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
 * Runs every command the same way: validate → resolve session → check access
 * (permission, step-up, shift) → run the handler in a transaction → audit →
 * typed result. Commands run one at a time, so a handler that awaits (password
 * hashing) cannot interleave with another command's transaction.
 */
export class Dispatcher {
  private readonly clock: () => Date;
  private queue: Promise<unknown> = Promise.resolve();
  /** Marks work done on behalf of a command's handler while that handler runs. */
  private readonly handlerScope = new AsyncLocalStorage<{ running: boolean }>();

  constructor(private readonly deps: DispatcherDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  dispatch(callerId: string, name: unknown, rawInput: unknown): Promise<CommandResult<unknown>> {
    const run = this.queue.then(() => this.runOne(callerId, name, rawInput));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `fn` (synchronous database work, e.g. the sync engine applying a
   * batch) on the same one-at-a-time queue as commands, so it never interleaves
   * with a command's transaction. Called from inside a running handler (a
   * command awaiting the engine), it runs at once, within that command's
   * transaction: queueing it would wait for the command that waits for it.
   */
  exclusive<T>(fn: () => T): Promise<T> {
    if (this.handlerScope.getStore()?.running === true) {
      try {
        return Promise.resolve(fn());
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runOne(callerId: string, name: unknown, rawInput: unknown): Promise<CommandResult<unknown>> {
    const now = this.clock();
    const session = this.deps.sessions.resolve(callerId, now);
    const command = typeof name === 'string' ? this.deps.table.get(name) : undefined;
    if (command === undefined) {
      this.auditAlone({ ...unknownCommandAudit(session, now), outcome: 'denied', errorCode: 'UNKNOWN_COMMAND' });
      return failure('UNKNOWN_COMMAND', MESSAGES.unknownCommand);
    }
    const auditBase = baseEntry(command, session, now);

    const parsed = this.contractOf(command).input.safeParse(rawInput);
    if (!parsed.success) {
      this.auditAlone({ ...auditBase, outcome: 'denied', errorCode: 'VALIDATION' });
      return failure('VALIDATION', MESSAGES.validation, fieldIssues(parsed.error));
    }

    const denial = this.deps.access.check(command, session, now);
    if (denial !== null) {
      this.auditAlone({ ...auditBase, outcome: 'denied', errorCode: denial.code });
      return failure(denial.code, denial.message);
    }
    if (!command.passive) this.deps.sessions.touch(callerId, now);

    return this.runInTransaction(callerId, command, session, parsed.data, auditBase);
  }

  private async runInTransaction(
    callerId: string,
    command: CommandDefinition,
    session: Session | null,
    input: unknown,
    auditBase: AuditEntry,
  ): Promise<CommandResult<unknown>> {
    const { db } = this.deps.store;
    const audit: AuditEntry = { ...auditBase };
    const ctx: CommandContext = {
      app: this.deps.app,
      store: this.deps.store,
      services: this.deps.services,
      callerId,
      session,
      now: auditBase.occurredAt,
      setAuditResource: (id) => void (audit.resourceId = id),
      setAuditPatient: (patientId) => void (audit.patientId = patientId),
      setAuditUser: (userId) => void (audit.userId = userId),
      setAuditAction: (action) => void (audit.action = action),
      setAuditPurpose: (purpose) => void (audit.purpose = purpose),
      setAuditRecordCount: (count) => void (audit.recordCount = count),
    };
    db.exec('BEGIN IMMEDIATE');
    const scope = { running: true };
    try {
      const output = await this.handlerScope.run(scope, async () => {
        try {
          return await command.handler(ctx, input as never);
        } finally {
          scope.running = false;
        }
      });
      const value: unknown = this.contractOf(command).output.parse(output);
      this.deps.audit.record({ ...audit, outcome: 'allowed', errorCode: null });
      db.exec('COMMIT');
      return { ok: true, value };
    } catch (error) {
      return this.settleFailure(command, audit, error);
    }
  }

  /**
   * A typed refusal rolls back, unless it asks to keep its writes (a failed
   * login must count even though the login fails); anything else is INTERNAL.
   */
  private settleFailure(command: CommandDefinition, audit: AuditEntry, error: unknown): CommandResult<unknown> {
    const { db } = this.deps.store;
    const expected = error instanceof CommandError ? error : null;
    const code: ErrorCode = expected?.code ?? 'INTERNAL';
    const failedEntry: AuditEntry = { ...audit, outcome: 'failed', errorCode: code };
    if (expected?.keepChanges === true && db.inTransaction) {
      try {
        this.deps.audit.record(failedEntry);
        db.exec('COMMIT');
        return failure(code, expected.message, expected.issues);
      } catch (commitError) {
        this.logInternal(command.name, commitError);
      }
    }
    if (db.inTransaction) db.exec('ROLLBACK');
    if (expected === null) this.logInternal(command.name, error);
    this.auditAlone(failedEntry);
    return expected === null
      ? failure('INTERNAL', MESSAGES.internal)
      : failure(code, expected.message, expected.issues);
  }

  private contractOf(command: CommandDefinition): Contract[string] {
    const contract = this.deps.contract[command.name];
    if (contract === undefined) throw new Error(`Command ${command.name} has no contract entry`);
    return contract;
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

function unknownCommandAudit(session: Session | null, now: Date): Omit<AuditEntry, 'outcome' | 'errorCode'> {
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
  };
}

function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
