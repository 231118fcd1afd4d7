import type { AuditAction } from '../../../shared/api/audit';
import type { z } from 'zod';
import type { CommandName, ApiContract } from '../../../shared/api/contract';
import type { ErrorCode, FieldIssue } from '../../../shared/api/errors';
import type { SessionStage } from '../../../shared/api/identity';
import type { PermissionKey } from '../../../shared/security/permissions';
import type { Session } from '../access/session';
import type { Store } from '../db/store';
import type { CoreServices } from '../services';

/**
 * Who may call a command:
 * - 'public': also without a session (first-run setup, login, about);
 * - 'any-session': a signed-in caller at any step, locked or not (lock, unlock);
 * - { stages }: a signed-in, unlocked caller at one of these sign-in steps (MFA challenge, enrollment);
 * - 'session': a fully signed-in, unlocked user (change own password);
 * - a permission key: a fully signed-in, unlocked user holding that permission.
 */
export type CommandAccess =
  'public' | 'any-session' | { readonly stages: readonly SessionStage[] } | 'session' | PermissionKey;

export type { AuditAction };

export interface CommandAudit {
  action: AuditAction;
  resourceType: string;
}

/** Facts about the running application, fixed at start-up. */
export interface AppInfo {
  readonly appVersion: string;
  readonly dataDirectory: string;
}

export interface CommandContext {
  readonly app: AppInfo;
  readonly store: Store;
  readonly services: CoreServices;
  /** The window (or e2e page) that sent the command; sessions are kept per caller. */
  readonly callerId: string;
  readonly session: Session | null;
  readonly now: Date;
  /** Handlers name the record they touched so the audit entry points at it. */
  setAuditResource(resourceId: string): void;
  /** The patient the command concerns, for searching the trail by patient. */
  setAuditPatient(patientId: string): void;
  /** Sign-in commands name the user they concern, who has no session yet. */
  setAuditUser(userId: string | null): void;
  /** A more precise action than the command's default, e.g. FAILED_LOGIN. */
  setAuditAction(action: AuditAction): void;
  /** Why the record was touched (break-glass reason, export filter); never PHI. */
  setAuditPurpose(purpose: string): void;
  /** How many records were read or exported. */
  setAuditRecordCount(count: number): void;
}

export interface CommandDefinition<Input = never, Output = unknown> {
  readonly name: string;
  readonly access: CommandAccess;
  readonly requiresActiveShift: boolean;
  /** High-risk commands need a fresh password + TOTP re-entry (step-up). */
  readonly requiresStepUp: boolean;
  readonly audit: CommandAudit;
  /** Polling and status reads do not count as user activity for the idle lock. */
  readonly passive?: boolean;
  /**
   * The handler awaits slow work (password hashing, a request to the sync
   * server). Such a command runs alone, after the commands queued before it
   * have committed, so their replies never wait for it (see Dispatcher).
   * Every `async` handler must say so; a test over the table checks it.
   */
  readonly awaitsSlowWork?: boolean;
  readonly handler: (ctx: CommandContext, input: Input) => Output | Promise<Output>;
}

/** Thrown by handlers for an expected, user-facing failure. Never carries PHI. */
export class CommandError extends Error {
  /** Keep the handler's writes although the command fails (a counted failed login). */
  readonly keepChanges: boolean;
  readonly issues: FieldIssue[] | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { keepChanges?: boolean; issues?: FieldIssue[] } = {},
  ) {
    super(message);
    this.name = 'CommandError';
    this.keepChanges = options.keepChanges ?? false;
    this.issues = options.issues;
  }
}

/** Declares an application command; the name ties the handler's types to the shared contract. */
export function defineCommand<N extends CommandName>(
  definition: CommandDefinition<z.output<ApiContract[N]['input']>, z.input<ApiContract[N]['output']>> & { name: N },
): CommandDefinition<z.output<ApiContract[N]['input']>, z.input<ApiContract[N]['output']>> {
  return definition;
}
