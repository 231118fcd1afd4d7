import type { SecurityPolicy, SessionStage, UserSummary } from '../../../shared/api/identity';
import { effectivePermissions, isMfaMandatory } from '../../../shared/security/roles';
import { CommandError, type CommandContext } from '../commands/types';
import type { UserRow } from './repository';

export const MAX_FAILED_ATTEMPTS = 5;
export const ACCOUNT_LOCK_MS = 30 * 60_000;
/** Wait imposed after the 1st, 2nd, 3rd and 4th consecutive failure. */
export const PROGRESSIVE_DELAYS_MS = [1000, 2000, 4000, 8000] as const;

function delayAfter(failures: number): number {
  return PROGRESSIVE_DELAYS_MS[Math.min(failures, PROGRESSIVE_DELAYS_MS.length) - 1] ?? 0;
}

export const SIGN_IN_FAILED = 'The username or password is not correct.';

/** Refuses an attempt on a locked account or during the progressive delay; never checks the secret then. */
export function assertMayAttempt(user: UserRow, now: Date): void {
  if (user.locked_until !== null && Date.parse(user.locked_until) > now.getTime()) {
    const until = new Date(user.locked_until).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
    throw new CommandError(
      'LOCKED',
      `This account is locked after too many failed attempts. Try again after ${until}, or ask an admin to unlock it.`,
    );
  }
  if (user.next_attempt_at !== null && Date.parse(user.next_attempt_at) > now.getTime()) {
    const seconds = Math.ceil((Date.parse(user.next_attempt_at) - now.getTime()) / 1000);
    throw new CommandError('LOCKED', `Too many failed attempts. Wait ${seconds} seconds and try again.`);
  }
}

/**
 * Counts a failed password or code. The failure is written even though the
 * command fails (keepChanges), so the count and a lock survive a restart.
 */
export function failAttempt(ctx: CommandContext, user: UserRow, message: string): never {
  const failures = user.failed_attempts + 1;
  const locked = failures >= MAX_FAILED_ATTEMPTS;
  ctx.services.identity.update(
    user.id,
    locked
      ? {
          failed_attempts: 0,
          next_attempt_at: null,
          locked_until: new Date(ctx.now.getTime() + ACCOUNT_LOCK_MS).toISOString(),
        }
      : {
          failed_attempts: failures,
          next_attempt_at: new Date(ctx.now.getTime() + delayAfter(failures)).toISOString(),
        },
    ctx.now,
  );
  if (locked) ctx.services.sessions.endAllFor(user.id);
  ctx.setAuditUser(user.id);
  throw new CommandError(
    locked ? 'LOCKED' : 'UNAUTHENTICATED',
    locked
      ? 'This account is now locked for 30 minutes after 5 failed attempts. An admin can unlock it sooner.'
      : message,
    { keepChanges: true },
  );
}

export function clearFailures(ctx: CommandContext, user: UserRow): void {
  if (user.failed_attempts !== 0 || user.next_attempt_at !== null || user.locked_until !== null) {
    ctx.services.identity.update(user.id, { failed_attempts: 0, next_attempt_at: null, locked_until: null }, ctx.now);
  }
}

/** When a user of an MFA-mandatory role must have enrolled; null when MFA is optional for them. */
export function mfaGraceEndsAt(
  user: UserRow,
  roles: Parameters<typeof isMfaMandatory>[0],
  policy: SecurityPolicy,
): Date | null {
  if (!isMfaMandatory(roles)) return null;
  return new Date(Date.parse(user.mfa_grace_start) + policy.mfaGraceDays * 24 * 60 * 60_000);
}

/** The next step after the ones already passed: MFA challenge, then a forced password change, then forced enrollment. */
export function nextStage(
  ctx: CommandContext,
  user: UserRow,
  passed: { mfa: boolean; passwordChange: boolean },
): SessionStage {
  if (user.mfa_enabled_at !== null && !passed.mfa) return 'mfa_challenge';
  if (user.must_change_password === 1 && !passed.passwordChange) return 'password_change';
  const graceEnd = mfaGraceEndsAt(
    user,
    ctx.services.identity.access(user.id).roles,
    ctx.services.identity.securityPolicy(),
  );
  if (user.mfa_enabled_at === null && graceEnd !== null && ctx.now.getTime() >= graceEnd.getTime())
    return 'mfa_enrollment';
  return 'active';
}

export function summarizeUser(ctx: CommandContext, user: UserRow): UserSummary {
  const access = ctx.services.identity.access(user.id);
  const lockedUntil =
    user.locked_until !== null && Date.parse(user.locked_until) > ctx.now.getTime() ? user.locked_until : null;
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: access.roles,
    grants: access.grants,
    revocations: access.revocations,
    effectivePermissions: [...effectivePermissions(access.roles, access.grants, access.revocations)].sort(),
    active: user.active === 1,
    lockedUntil,
    mfaEnabled: user.mfa_enabled_at !== null,
    mustChangePassword: user.must_change_password === 1,
  };
}

/** The signed-in caller's user row; the access policy already ensured there is a session. */
export function sessionUser(ctx: CommandContext): UserRow {
  const user = ctx.session === null ? null : ctx.services.identity.userById(ctx.session.userId);
  if (user === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  return user;
}
