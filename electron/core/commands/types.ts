import type { z } from 'zod';
import type { CommandName, ApiContract } from '../../../shared/api/contract';
import type { ErrorCode } from '../../../shared/api/errors';
import type { PermissionKey } from '../../../shared/security/permissions';
import type { Session } from '../access/session';
import type { Store } from '../db/store';

/**
 * Who may call a command:
 * - 'public': also without a session (first-run setup, login, about);
 * - 'session': any signed-in user (logout, change own password);
 * - a permission key: a signed-in user holding that permission.
 */
export type CommandAccess = 'public' | 'session' | PermissionKey;

export const AUDIT_ACTIONS = [
  'CREATE',
  'READ',
  'UPDATE',
  'DELETE',
  'EXPORT',
  'LOGIN',
  'LOGOUT',
  'FAILED_LOGIN',
  'BREAK_GLASS',
  'PERMISSION_CHANGE',
  'EXECUTE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

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
  readonly session: Session | null;
  readonly now: Date;
  /** Handlers name the record they touched so the audit entry points at it. */
  setAuditResource(resourceId: string): void;
}

export interface CommandDefinition<Input = never, Output = unknown> {
  readonly name: string;
  readonly access: CommandAccess;
  readonly requiresActiveShift: boolean;
  /** High-risk commands need a fresh password + TOTP re-entry (step-up). */
  readonly requiresStepUp: boolean;
  readonly audit: CommandAudit;
  readonly handler: (ctx: CommandContext, input: Input) => Output | Promise<Output>;
}

/** Thrown by handlers for an expected, user-facing failure. Never carries PHI. */
export class CommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Declares an application command; the name ties the handler's types to the shared contract. */
export function defineCommand<N extends CommandName>(
  definition: CommandDefinition<z.output<ApiContract[N]['input']>, z.input<ApiContract[N]['output']>> & { name: N },
): CommandDefinition<z.output<ApiContract[N]['input']>, z.input<ApiContract[N]['output']>> {
  return definition;
}
