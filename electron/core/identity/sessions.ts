import { randomUUID } from 'node:crypto';
import type { SecurityPolicy, SessionStage } from '../../../shared/api/identity';
import type { PermissionKey } from '../../../shared/security/permissions';
import { effectivePermissions, isShiftExempt, type RoleKey } from '../../../shared/security/roles';
import type { Session, SessionResolver } from '../access/session';
import type { IdentityRepository } from './repository';

interface SessionState {
  id: string;
  userId: string;
  stage: SessionStage;
  locked: boolean;
  lastActivityAt: number;
  steppedUpAt: Date | null;
  /** The user's access as last read, valid while the repository's access version is unchanged. */
  access: CachedAccess | null;
}

interface CachedAccess {
  readonly version: number;
  /** False once the user is gone or deactivated. */
  readonly active: boolean;
  readonly roles: readonly RoleKey[];
  readonly permissions: ReadonlySet<PermissionKey>;
  readonly exemptFromShifts: boolean;
}

/**
 * Sessions per caller (window), in memory only: a restart signs everyone out.
 *
 * A session's roles and permissions are read from the database when first
 * needed and again after anything they rest on may have changed (the
 * repository's access version: any write to users, roles, overrides or the
 * security policy, local or applied by sync, and any rollback), so a role
 * change or a deactivation still takes effect on the user's next action,
 * while the commands in between skip re-reading and recomputing them.
 */
export class SessionManager implements SessionResolver {
  private readonly byCaller = new Map<string, SessionState>();
  private cachedPolicy: { version: number; policy: SecurityPolicy } | null = null;

  constructor(
    private readonly users: IdentityRepository,
    private readonly policy: () => SecurityPolicy,
  ) {}

  resolve(callerId: string, now: Date): Session | null {
    const state = this.byCaller.get(callerId);
    if (state === undefined) return null;
    const version = this.users.accessVersion();
    const access = this.accessOf(state, version);
    const idleMs = now.getTime() - state.lastActivityAt;
    const policy = this.policyAt(version);
    if (!access.active || idleMs >= minutes(policy.logoutAfterMinutes)) {
      this.byCaller.delete(callerId);
      return null;
    }
    if (idleMs >= minutes(policy.lockAfterMinutes)) state.locked = true;
    return {
      id: state.id,
      userId: state.userId,
      roles: access.roles,
      permissions: access.permissions,
      exemptFromShifts: access.exemptFromShifts,
      stage: state.stage,
      locked: state.locked,
      steppedUpAt: state.steppedUpAt,
    };
  }

  /** Forgets every cached access: writes it was read from were rolled back. */
  invalidate(): void {
    this.users.accessMayHaveChanged();
  }

  private accessOf(state: SessionState, version: number): CachedAccess {
    if (state.access?.version === version) return state.access;
    const user = this.users.userById(state.userId);
    const { roles, grants, revocations } = this.users.access(state.userId);
    state.access = {
      version,
      active: user !== null && user.active === 1,
      roles,
      permissions: effectivePermissions(roles, grants, revocations),
      exemptFromShifts: isShiftExempt(roles),
    };
    return state.access;
  }

  private policyAt(version: number): SecurityPolicy {
    if (this.cachedPolicy?.version !== version) this.cachedPolicy = { version, policy: this.policy() };
    return this.cachedPolicy.policy;
  }

  touch(callerId: string, now: Date): void {
    const state = this.byCaller.get(callerId);
    if (state !== undefined && !state.locked) state.lastActivityAt = now.getTime();
  }

  start(callerId: string, userId: string, stage: SessionStage, now: Date): void {
    this.byCaller.set(callerId, {
      id: randomUUID(),
      userId,
      stage,
      locked: false,
      lastActivityAt: now.getTime(),
      steppedUpAt: null,
      access: null,
    });
  }

  setStage(callerId: string, stage: SessionStage): void {
    this.require(callerId).stage = stage;
  }

  lock(callerId: string): void {
    this.require(callerId).locked = true;
  }

  unlock(callerId: string, now: Date): void {
    const state = this.require(callerId);
    state.locked = false;
    state.lastActivityAt = now.getTime();
  }

  stepUp(callerId: string, now: Date): void {
    this.require(callerId).steppedUpAt = now;
  }

  end(callerId: string): void {
    this.byCaller.delete(callerId);
  }

  /** Signs a user out everywhere (password reset, MFA reset, deactivation). */
  endAllFor(userId: string): void {
    for (const [callerId, state] of this.byCaller) if (state.userId === userId) this.byCaller.delete(callerId);
  }

  private require(callerId: string): SessionState {
    const state = this.byCaller.get(callerId);
    if (state === undefined) throw new Error('No session for this caller');
    return state;
  }
}

const minutes = (count: number): number => count * 60_000;
