import { randomUUID } from 'node:crypto';
import type { SecurityPolicy, SessionStage } from '../../../shared/api/identity';
import { effectivePermissions, isShiftExempt } from '../../../shared/security/roles';
import type { Session, SessionResolver } from '../access/session';
import type { IdentityRepository } from './repository';

interface SessionState {
  id: string;
  userId: string;
  stage: SessionStage;
  locked: boolean;
  lastActivityAt: number;
  steppedUpAt: Date | null;
}

/**
 * Sessions per caller (window), in memory only: a restart signs everyone out.
 * Roles and permissions are read afresh on every resolve, so a role change or
 * a deactivation takes effect on the user's next action.
 */
export class SessionManager implements SessionResolver {
  private readonly byCaller = new Map<string, SessionState>();

  constructor(
    private readonly users: IdentityRepository,
    private readonly policy: () => SecurityPolicy,
  ) {}

  resolve(callerId: string, now: Date): Session | null {
    const state = this.byCaller.get(callerId);
    if (state === undefined) return null;
    const user = this.users.userById(state.userId);
    const idleMs = now.getTime() - state.lastActivityAt;
    const policy = this.policy();
    if (user === null || user.active === 0 || idleMs >= minutes(policy.logoutAfterMinutes)) {
      this.byCaller.delete(callerId);
      return null;
    }
    if (idleMs >= minutes(policy.lockAfterMinutes)) state.locked = true;
    const access = this.users.access(state.userId);
    return {
      id: state.id,
      userId: state.userId,
      roles: access.roles,
      permissions: effectivePermissions(access.roles, access.grants, access.revocations),
      exemptFromShifts: isShiftExempt(access.roles),
      stage: state.stage,
      locked: state.locked,
      steppedUpAt: state.steppedUpAt,
    };
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
