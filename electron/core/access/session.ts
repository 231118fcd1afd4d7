import type { PermissionKey } from '../../../shared/security/permissions';

/** A signed-in user at one window. Lives only in core; the renderer never holds it. */
export interface Session {
  readonly id: string;
  readonly userId: string;
  readonly roles: readonly string[];
  readonly permissions: ReadonlySet<PermissionKey>;
  /** Owner, org admin and facility admin may write clinical records without a shift. */
  readonly exemptFromShifts: boolean;
  /** False until the user passed the TOTP challenge where MFA is required. */
  readonly mfaSatisfied: boolean;
  /** When the user last re-entered password and TOTP, for step-up commands. */
  readonly steppedUpAt: Date | null;
}

/** Maps a caller (a window's web contents, an e2e page) to its session. */
export interface SessionResolver {
  resolve(callerId: string, now: Date): Session | null;
}

export class InMemorySessions implements SessionResolver {
  private readonly sessions = new Map<string, Session>();

  resolve(callerId: string): Session | null {
    return this.sessions.get(callerId) ?? null;
  }

  set(callerId: string, session: Session): void {
    this.sessions.set(callerId, session);
  }

  end(callerId: string): void {
    this.sessions.delete(callerId);
  }
}
