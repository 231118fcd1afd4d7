import { isMfaMandatory } from '../../../shared/security/roles';
import { STEP_UP_WINDOW_MS } from '../access/policy';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { passwordProblems } from './passwords';
import type { UserRow } from './repository';
import {
  assertMayAttempt,
  clearFailures,
  failAttempt,
  mfaGraceEndsAt,
  nextStage,
  sessionUser,
  SIGN_IN_FAILED,
} from './sign-in';
import { acceptTotp, hashRecoveryCode, newRecoveryCodes, newTotpEnrollment } from './totp';

const WRONG_CODE = 'That code is not correct or was already used. Wait for a new code and try again.';

export const setupStatus = defineCommand({
  name: 'setup.status',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'facility' },
  handler(ctx) {
    const facility = ctx.services.identity.facility();
    return {
      needsSetup: facility === null,
      facility: facility && { name: facility.name, mflCode: facility.mfl_code, county: facility.county },
    };
  },
});

export const completeSetup = defineCommand({
  name: 'setup.complete',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'facility' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    const { identity, passwords } = ctx.services;
    if (identity.facility() !== null) {
      throw new CommandError('CONFLICT', 'This workstation is already set up. Sign in instead.');
    }
    if (ctx.services.sync.status().configured) {
      // Joined or being rebuilt: its facility is on its way from the server; a second one must not be made here.
      throw new CommandError(
        'CONFLICT',
        'This workstation has joined a facility and is still receiving its records. Wait for the sync to finish, then sign in.',
      );
    }
    const problems = passwordProblems(
      input.owner.password,
      { username: input.owner.username, facilityName: input.facility.name, displayName: input.owner.displayName },
      'owner.password',
    );
    if (problems.length > 0) throw new CommandError('VALIDATION', 'Choose a stronger password.', { issues: problems });
    const facility = identity.createFacility(input.organizationName, input.facility, ctx.now);
    const ownerId = identity.insertUser(
      {
        facilityId: facility.id,
        username: input.owner.username,
        displayName: input.owner.displayName,
        passwordHash: await passwords.hash(input.owner.password),
        mustChangePassword: false,
        roles: ['owner'],
      },
      ctx.now,
    );
    ctx.setAuditResource(facility.id);
    ctx.setAuditUser(ownerId);
    return { ok: true as const };
  },
});

export const sessionStatus = defineCommand({
  name: 'session.status',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'session' },
  handler(ctx) {
    const { session } = ctx;
    const user = session === null ? null : ctx.services.identity.userById(session.userId);
    if (session === null || user === null) return { signedIn: false as const };
    const policy = ctx.services.identity.securityPolicy();
    const graceEnd = mfaGraceEndsAt(user, session.roles, policy);
    const stepUpEnd = session.steppedUpAt === null ? null : session.steppedUpAt.getTime() + STEP_UP_WINDOW_MS;
    return {
      signedIn: true as const,
      stage: session.stage,
      locked: session.locked,
      user: { id: user.id, username: user.username, displayName: user.display_name, roles: [...session.roles] },
      permissions: [...session.permissions].sort(),
      mfa: {
        enabled: user.mfa_enabled_at !== null,
        mandatory: isMfaMandatory(session.roles),
        graceEndsAt: graceEnd?.toISOString() ?? null,
      },
      steppedUpUntil: stepUpEnd !== null && stepUpEnd > ctx.now.getTime() ? new Date(stepUpEnd).toISOString() : null,
      lockAfterMs: policy.lockAfterMinutes * 60_000,
      logoutAfterMs: policy.logoutAfterMinutes * 60_000,
    };
  },
});

export const reportActivity = defineCommand({
  name: 'session.activity',
  access: 'any-session',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'EXECUTE', resourceType: 'session' },
  handler: () => ({ ok: true as const }),
});

export const login = defineCommand({
  name: 'auth.login',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'LOGIN', resourceType: 'session' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    const { identity, passwords, sessions } = ctx.services;
    const user = identity.userByUsername(input.username);
    if (user === null || user.active === 0) {
      await passwords.verifyAgainstNobody(input.password);
      ctx.setAuditAction('FAILED_LOGIN');
      ctx.setAuditUser(user?.id ?? null);
      throw new CommandError('UNAUTHENTICATED', SIGN_IN_FAILED);
    }
    ctx.setAuditUser(user.id);
    assertMayAttempt(user, ctx.now);
    if (!(await passwords.verify(user.password_hash, input.password))) {
      ctx.setAuditAction('FAILED_LOGIN');
      failAttempt(ctx, user, SIGN_IN_FAILED);
    }
    clearFailures(ctx, user);
    if (passwords.needsRehash(user.password_hash)) {
      identity.update(user.id, { password_hash: await passwords.hash(input.password) }, ctx.now);
    }
    const stage = nextStage(ctx, user, { mfa: false, passwordChange: false });
    sessions.start(ctx.callerId, user.id, stage, ctx.now);
    return { stage };
  },
});

/** Checks a TOTP code for the user, counting a wrong one as a failed attempt. */
function acceptCodeOrFail(ctx: CommandContext, user: UserRow, secret: string, code: string): number {
  assertMayAttempt(user, ctx.now);
  const step = acceptTotp(secret, code, ctx.now, user.mfa_last_step);
  if (step === null) failAttempt(ctx, user, WRONG_CODE);
  return step;
}

export const verifyMfa = defineCommand({
  name: 'auth.verifyMfa',
  access: { stages: ['mfa_challenge'] },
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'LOGIN', resourceType: 'session' },
  handler(ctx, input) {
    const user = sessionUser(ctx);
    if (user.mfa_secret === null) throw new CommandError('CONFLICT', 'No authenticator is set up for this account.');
    const step = acceptCodeOrFail(ctx, user, user.mfa_secret, input.code);
    ctx.services.identity.update(user.id, { mfa_last_step: step }, ctx.now);
    clearFailures(ctx, user);
    const stage = nextStage(ctx, user, { mfa: true, passwordChange: false });
    ctx.services.sessions.setStage(ctx.callerId, stage);
    return { stage };
  },
});

export const useRecoveryCode = defineCommand({
  name: 'auth.useRecoveryCode',
  access: { stages: ['mfa_challenge'] },
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'LOGIN', resourceType: 'session' },
  handler(ctx, input) {
    const user = sessionUser(ctx);
    assertMayAttempt(user, ctx.now);
    if (!ctx.services.identity.consumeRecoveryCode(user.id, hashRecoveryCode(user.id, input.code), ctx.now)) {
      failAttempt(ctx, user, 'That recovery code is not correct or was already used.');
    }
    clearFailures(ctx, user);
    const stage = nextStage(ctx, user, { mfa: true, passwordChange: false });
    ctx.services.sessions.setStage(ctx.callerId, stage);
    return { stage };
  },
});

export const lockWorkstation = defineCommand({
  name: 'auth.lock',
  access: 'any-session',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'EXECUTE', resourceType: 'session' },
  handler(ctx) {
    ctx.services.sessions.lock(ctx.callerId);
    return { ok: true as const };
  },
});

export const unlockWorkstation = defineCommand({
  name: 'auth.unlock',
  access: 'any-session',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'LOGIN', resourceType: 'session' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    if (ctx.session?.locked !== true) throw new CommandError('CONFLICT', 'This workstation is not locked.');
    const user = sessionUser(ctx);
    assertMayAttempt(user, ctx.now);
    if (!(await ctx.services.passwords.verify(user.password_hash, input.password))) {
      ctx.setAuditAction('FAILED_LOGIN');
      failAttempt(ctx, user, 'That password is not correct.');
    }
    clearFailures(ctx, user);
    ctx.services.sessions.unlock(ctx.callerId, ctx.now);
    return { ok: true as const };
  },
});

export const logout = defineCommand({
  name: 'auth.logout',
  access: 'public',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'LOGOUT', resourceType: 'session' },
  handler(ctx) {
    ctx.services.sessions.end(ctx.callerId);
    return { ok: true as const };
  },
});

export const changePassword = defineCommand({
  name: 'auth.changePassword',
  access: { stages: ['password_change', 'active'] },
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    const { identity, passwords, sessions } = ctx.services;
    const user = sessionUser(ctx);
    ctx.setAuditResource(user.id);
    assertMayAttempt(user, ctx.now);
    if (!(await passwords.verify(user.password_hash, input.currentPassword))) {
      failAttempt(ctx, user, 'Your current password is not correct.');
    }
    if (await passwords.verify(user.password_hash, input.newPassword)) {
      throw new CommandError('VALIDATION', 'Choose a password you have not used here before.', {
        issues: [{ path: 'newPassword', message: 'The new password must differ from the current one.' }],
      });
    }
    const problems = passwordProblems(
      input.newPassword,
      { username: user.username, facilityName: identity.facility()?.name, displayName: user.display_name },
      'newPassword',
    );
    if (problems.length > 0) throw new CommandError('VALIDATION', 'Choose a stronger password.', { issues: problems });
    identity.update(
      user.id,
      { password_hash: await passwords.hash(input.newPassword), must_change_password: 0 },
      ctx.now,
    );
    clearFailures(ctx, user);
    const updated = { ...user, must_change_password: 0 as const };
    const stage = nextStage(ctx, updated, { mfa: true, passwordChange: true });
    sessions.setStage(ctx.callerId, stage);
    return { stage };
  },
});

export const stepUp = defineCommand({
  name: 'auth.stepUp',
  access: 'session',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'LOGIN', resourceType: 'step_up' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    const user = sessionUser(ctx);
    if (user.mfa_secret === null || user.mfa_enabled_at === null) {
      throw new CommandError('MFA_REQUIRED', 'Set up an authenticator app in My account before doing this.');
    }
    assertMayAttempt(user, ctx.now);
    if (!(await ctx.services.passwords.verify(user.password_hash, input.password))) {
      failAttempt(ctx, user, 'That password or code is not correct.');
    }
    const step = acceptCodeOrFail(ctx, user, user.mfa_secret, input.code);
    ctx.services.identity.update(user.id, { mfa_last_step: step }, ctx.now);
    clearFailures(ctx, user);
    ctx.services.sessions.stepUp(ctx.callerId, ctx.now);
    return { steppedUpUntil: new Date(ctx.now.getTime() + STEP_UP_WINDOW_MS).toISOString() };
  },
});

export const beginMfaEnrollment = defineCommand({
  name: 'mfa.beginEnrollment',
  access: { stages: ['mfa_enrollment', 'active'] },
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user_mfa' },
  awaitsSlowWork: true,
  async handler(ctx) {
    const user = sessionUser(ctx);
    ctx.setAuditResource(user.id);
    if (user.mfa_enabled_at !== null) {
      throw new CommandError('CONFLICT', 'An authenticator is already set up. Ask an admin to reset it first.');
    }
    const facility = ctx.services.identity.facility();
    const enrollment = await newTotpEnrollment(
      facility === null ? user.username : `${user.username} (${facility.name})`,
    );
    ctx.services.identity.update(user.id, { mfa_pending_secret: enrollment.secret }, ctx.now);
    return enrollment;
  },
});

export const confirmMfaEnrollment = defineCommand({
  name: 'mfa.confirmEnrollment',
  access: { stages: ['mfa_enrollment', 'active'] },
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user_mfa' },
  handler(ctx, input) {
    const { identity, sessions } = ctx.services;
    const user = sessionUser(ctx);
    ctx.setAuditResource(user.id);
    if (user.mfa_pending_secret === null) {
      throw new CommandError('CONFLICT', 'Start setting up the authenticator first.');
    }
    const step = acceptCodeOrFail(ctx, user, user.mfa_pending_secret, input.code);
    const recoveryCodes = newRecoveryCodes();
    identity.update(
      user.id,
      {
        mfa_secret: user.mfa_pending_secret,
        mfa_pending_secret: null,
        mfa_enabled_at: ctx.now.toISOString(),
        mfa_last_step: step,
      },
      ctx.now,
    );
    identity.replaceRecoveryCodes(
      user.id,
      recoveryCodes.map((code) => hashRecoveryCode(user.id, code)),
    );
    clearFailures(ctx, user);
    const stage = ctx.session?.stage === 'mfa_enrollment' ? 'active' : (ctx.session?.stage ?? 'active');
    sessions.setStage(ctx.callerId, stage);
    return { recoveryCodes, stage };
  },
});

export const authCommands = [
  setupStatus,
  completeSetup,
  sessionStatus,
  reportActivity,
  login,
  verifyMfa,
  useRecoveryCode,
  lockWorkstation,
  unlockWorkstation,
  logout,
  changePassword,
  stepUp,
  beginMfaEnrollment,
  confirmMfaEnrollment,
] as const;
