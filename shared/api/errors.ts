/**
 * Error codes every command may return. The renderer maps each code to a
 * plain-language message; it never sees a stack trace.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NO_ACTIVE_SHIFT',
  'MFA_REQUIRED',
  'STEP_UP_REQUIRED',
  'LOCKED',
  'CONFLICT',
  'NOT_FOUND',
  'UNKNOWN_COMMAND',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `identifiers.0.value`; empty for the whole input. */
  path: string;
  message: string;
}

export interface CommandFailure {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Present for VALIDATION: one entry per offending field. */
  issues?: FieldIssue[];
}

export interface CommandSuccess<T> {
  ok: true;
  value: T;
}

export type CommandResult<T> = CommandSuccess<T> | CommandFailure;

export function failure(code: ErrorCode, message: string, issues?: FieldIssue[]): CommandFailure {
  return issues === undefined ? { ok: false, code, message } : { ok: false, code, message, issues };
}
