import type { ErrorCode } from '../../../shared/api/errors';
import type { SessionStage } from '../../../shared/api/identity';
import type { CommandDefinition } from '../commands/types';
import type { Session } from './session';

export interface AccessDenial {
  code: Extract<
    ErrorCode,
    'UNAUTHENTICATED' | 'FORBIDDEN' | 'NO_ACTIVE_SHIFT' | 'MFA_REQUIRED' | 'STEP_UP_REQUIRED' | 'LOCKED'
  >;
  message: string;
}

/** The one place that decides whether a session may run a command. */
export interface AccessPolicy {
  check(command: CommandDefinition, session: Session | null, now: Date): AccessDenial | null;
  /**
   * Forgets whatever the policy cached from the database: the dispatcher
   * calls it after rolling back writes, which may have clocked someone in or out.
   */
  invalidate?(): void;
}

/** Whether a user is clocked in within a scheduled shift right now. */
export interface ShiftGate {
  isOnActiveShift(session: Session, now: Date): boolean;
  /** Forgets cached clock-ins (see AccessPolicy.invalidate). */
  invalidate?(): void;
}

export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;

/** Until shifts are scheduled (the shifts capability), nobody but an exempt role is on shift. */
export const noShiftsScheduled: ShiftGate = { isOnActiveShift: () => false };

export class RuleAccessPolicy implements AccessPolicy {
  constructor(private readonly shifts: ShiftGate = noShiftsScheduled) {}

  invalidate(): void {
    this.shifts.invalidate?.();
  }

  check(command: CommandDefinition, session: Session | null, now: Date): AccessDenial | null {
    const { access } = command;
    if (access === 'public') return null;
    if (session === null) {
      return { code: 'UNAUTHENTICATED', message: 'Please sign in to continue.' };
    }
    if (access === 'any-session') return null;
    const stageDenial = checkStage(session, typeof access === 'object' ? access.stages : ['active']);
    if (stageDenial !== null) return stageDenial;
    if (typeof access === 'string' && access !== 'session' && !session.permissions.has(access)) {
      return { code: 'FORBIDDEN', message: 'Your role does not allow this. Ask a facility admin if you need it.' };
    }
    if (command.requiresStepUp && !steppedUpRecently(session, now)) {
      return {
        code: 'STEP_UP_REQUIRED',
        message: 'This action needs you to confirm your password and authenticator code again.',
      };
    }
    if (command.requiresActiveShift && !session.exemptFromShifts && !this.shifts.isOnActiveShift(session, now)) {
      return {
        code: 'NO_ACTIVE_SHIFT',
        message:
          'You are not clocked in to a scheduled shift. Clock in from the shift panel, or ask a manager to schedule your shift.',
      };
    }
    return null;
  }
}

const STAGE_DENIALS: Record<SessionStage, AccessDenial> = {
  active: { code: 'FORBIDDEN', message: 'Finish signing in before doing this.' },
  mfa_challenge: { code: 'MFA_REQUIRED', message: 'Enter the code from your authenticator app to continue.' },
  mfa_enrollment: { code: 'MFA_REQUIRED', message: 'Set up your authenticator app to continue.' },
  password_change: { code: 'FORBIDDEN', message: 'Change your password to continue.' },
};

function checkStage(session: Session, allowed: readonly SessionStage[]): AccessDenial | null {
  if (session.locked) {
    return { code: 'LOCKED', message: 'This workstation is locked. Enter your password to continue.' };
  }
  return allowed.includes(session.stage) ? null : STAGE_DENIALS[session.stage];
}

function steppedUpRecently(session: Session, now: Date): boolean {
  return session.steppedUpAt !== null && now.getTime() - session.steppedUpAt.getTime() <= STEP_UP_WINDOW_MS;
}
