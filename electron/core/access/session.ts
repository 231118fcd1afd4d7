import type { SessionStage } from '../../../shared/api/identity';
import type { PermissionKey } from '../../../shared/security/permissions';
import type { RoleKey } from '../../../shared/security/roles';

/** A signed-in user at one window. Lives only in core; the renderer never holds it. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly roles: readonly RoleKey[];
  readonly permissions: ReadonlySet<PermissionKey>;
  /** Owner, org admin and facility admin may write clinical records without a shift. */
  readonly exemptFromShifts: boolean;
  /** Which step of signing in the user has reached; only 'active' may work. */
  readonly stage: SessionStage;
  /** Locked by idleness or by the user; resumes with the same user's password. */
  readonly locked: boolean;
  /** When the user last re-entered password and TOTP, for step-up commands. */
  readonly steppedUpAt: Date | null;
}

/** Maps a caller (a window's web contents, an e2e page) to its session. */
export interface SessionResolver {
  /** The caller's session as of `now` (idle lock and logout applied), or null. */
  resolve(callerId: string, now: Date): Session | null;
  /** Records user activity, postponing the idle lock. */
  touch(callerId: string, now: Date): void;
  /**
   * Forgets whatever the resolver cached from the database: the dispatcher
   * calls it after rolling back writes, which may have changed a user's access.
   */
  invalidate?(): void;
}
