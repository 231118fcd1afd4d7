import { PERMISSIONS, type PermissionCategory, type PermissionKey } from '../../../shared/security/permissions';
import { effectivePermissions, type RoleKey } from '../../../shared/security/roles';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { passwordProblems } from './passwords';
import type { UserRow } from './repository';
import { sessionUser, summarizeUser } from './sign-in';

function targetUser(ctx: CommandContext, userId: string): UserRow {
  const user = ctx.services.identity.userById(userId);
  if (user === null) throw new CommandError('NOT_FOUND', 'That user no longer exists.');
  ctx.setAuditResource(user.id);
  return user;
}

/** Re-reads the user after a change, for the answer. */
function summaryOf(ctx: CommandContext, userId: string) {
  return summarizeUser(ctx, targetUser(ctx, userId));
}

/** Permissions that administer the system rather than care for patients. */
const ADMINISTRATIVE: ReadonlySet<PermissionCategory> = new Set([
  'users',
  'devices',
  'settings',
  'audit',
  'sync',
  'shifts',
]);

/**
 * No admin can raise anyone above themselves: a role or grant that carries an
 * administrative permission the admin does not hold is refused (a facility
 * admin cannot make an owner). Clinical roles stay assignable by any user
 * manager; such changes are audited as PERMISSION_CHANGE.
 */
function assertMayAssign(ctx: CommandContext, roles: readonly RoleKey[], grants: readonly PermissionKey[]): void {
  const own = ctx.session?.permissions ?? new Set<PermissionKey>();
  const wanted = effectivePermissions(roles, grants);
  const beyond = [...wanted].filter(
    (permission) => ADMINISTRATIVE.has(PERMISSIONS[permission].category) && !own.has(permission),
  );
  if (beyond.length > 0) {
    throw new CommandError(
      'FORBIDDEN',
      `You cannot give access you do not have yourself (${beyond.slice(0, 3).join(', ')}${beyond.length > 3 ? ', …' : ''}).`,
    );
  }
}

function assertStrongTemporaryPassword(ctx: CommandContext, password: string, username: string, displayName: string) {
  const problems = passwordProblems(
    password,
    { username, displayName, facilityName: ctx.services.identity.facility()?.name },
    'temporaryPassword',
  );
  if (problems.length > 0)
    throw new CommandError('VALIDATION', 'Choose a stronger temporary password.', { issues: problems });
}

export const listUsers = defineCommand({
  name: 'users.list',
  access: 'users.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'user' },
  handler: (ctx) => ctx.services.identity.listUsers().map((user) => summarizeUser(ctx, user)),
});

export const createUser = defineCommand({
  name: 'users.create',
  access: 'users.create',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'user' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    const { identity, passwords } = ctx.services;
    const facility = identity.facility();
    if (facility === null) throw new CommandError('CONFLICT', 'Set up the facility first.');
    if (identity.userByUsername(input.username) !== null) {
      throw new CommandError('CONFLICT', 'That username is already taken. Choose another.', {
        issues: [{ path: 'username', message: 'Already taken' }],
      });
    }
    assertMayAssign(ctx, input.roles, []);
    assertStrongTemporaryPassword(ctx, input.temporaryPassword, input.username, input.displayName);
    const id = identity.insertUser(
      {
        facilityId: facility.id,
        username: input.username,
        displayName: input.displayName,
        passwordHash: await passwords.hash(input.temporaryPassword),
        mustChangePassword: true,
        roles: input.roles,
      },
      ctx.now,
    );
    return summaryOf(ctx, id);
  },
});

export const updateUser = defineCommand({
  name: 'users.update',
  access: 'users.update',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user' },
  handler(ctx, input) {
    targetUser(ctx, input.userId);
    ctx.services.identity.update(input.userId, { display_name: input.displayName }, ctx.now);
    return summaryOf(ctx, input.userId);
  },
});

export const setUserAccess = defineCommand({
  name: 'users.setAccess',
  access: 'users.assign_roles',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'PERMISSION_CHANGE', resourceType: 'user' },
  handler(ctx, input) {
    const user = targetUser(ctx, input.userId);
    const overlap = input.grants.filter((permission) => input.revocations.includes(permission));
    if (overlap.length > 0) {
      throw new CommandError('VALIDATION', 'A permission cannot be both granted and revoked.', {
        issues: [{ path: 'grants', message: `Both granted and revoked: ${overlap.join(', ')}` }],
      });
    }
    assertMayAssign(ctx, input.roles, input.grants);
    if (user.id === sessionUser(ctx).id && !input.roles.some((role) => ctx.session?.roles.includes(role))) {
      throw new CommandError('CONFLICT', 'You cannot remove all of your own roles. Ask another admin.');
    }
    ctx.services.identity.setAccess(user.id, {
      roles: [...input.roles],
      grants: [...input.grants],
      revocations: [...input.revocations],
    });
    return summaryOf(ctx, user.id);
  },
});

function setActive(active: boolean) {
  return (ctx: CommandContext, input: { userId: string }) => {
    const user = targetUser(ctx, input.userId);
    if (!active && user.id === sessionUser(ctx).id) {
      throw new CommandError('CONFLICT', 'You cannot deactivate your own account.');
    }
    ctx.services.identity.update(user.id, { active: active ? 1 : 0 }, ctx.now);
    if (!active) ctx.services.sessions.endAllFor(user.id);
    return summaryOf(ctx, user.id);
  };
}

export const deactivateUser = defineCommand({
  name: 'users.deactivate',
  access: 'users.update',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user' },
  handler: setActive(false),
});

export const reactivateUser = defineCommand({
  name: 'users.reactivate',
  access: 'users.update',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user' },
  handler: setActive(true),
});

export const unlockUser = defineCommand({
  name: 'users.unlock',
  access: 'users.unlock',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user_lock' },
  handler(ctx, input) {
    const user = targetUser(ctx, input.userId);
    ctx.services.identity.update(user.id, { failed_attempts: 0, next_attempt_at: null, locked_until: null }, ctx.now);
    return summaryOf(ctx, user.id);
  },
});

export const resetUserPassword = defineCommand({
  name: 'users.resetPassword',
  access: 'users.reset_password',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'user_password' },
  awaitsSlowWork: true,
  async handler(ctx, input) {
    const user = targetUser(ctx, input.userId);
    assertStrongTemporaryPassword(ctx, input.temporaryPassword, user.username, user.display_name);
    ctx.services.identity.update(
      user.id,
      { password_hash: await ctx.services.passwords.hash(input.temporaryPassword), must_change_password: 1 },
      ctx.now,
    );
    ctx.services.sessions.endAllFor(user.id);
    return summaryOf(ctx, user.id);
  },
});

export const resetUserMfa = defineCommand({
  name: 'users.resetMfa',
  access: 'users.reset_mfa',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'UPDATE', resourceType: 'user_mfa' },
  handler(ctx, input) {
    const user = targetUser(ctx, input.userId);
    ctx.services.identity.update(
      user.id,
      {
        mfa_secret: null,
        mfa_pending_secret: null,
        mfa_enabled_at: null,
        mfa_last_step: null,
        // No new grace period: a user of a mandatory role enrolls again at the next sign-in.
        mfa_grace_start: new Date(0).toISOString(),
      },
      ctx.now,
    );
    ctx.services.identity.replaceRecoveryCodes(user.id, []);
    ctx.services.sessions.endAllFor(user.id);
    return summaryOf(ctx, user.id);
  },
});

export const getSecurityPolicy = defineCommand({
  name: 'security.getPolicy',
  access: 'settings.view',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'settings' },
  handler: (ctx) => ctx.services.identity.securityPolicy(),
});

export const updateSecurityPolicy = defineCommand({
  name: 'security.updatePolicy',
  access: 'settings.security',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'settings' },
  handler(ctx, input) {
    if (input.logoutAfterMinutes <= input.lockAfterMinutes) {
      throw new CommandError('VALIDATION', 'Sign-out must come later than the lock.', {
        issues: [{ path: 'logoutAfterMinutes', message: 'Must be longer than the lock time' }],
      });
    }
    ctx.services.identity.setSecurityPolicy(input);
    return ctx.services.identity.securityPolicy();
  },
});

export const userCommands = [
  listUsers,
  createUser,
  updateUser,
  setUserAccess,
  deactivateUser,
  reactivateUser,
  unlockUser,
  resetUserPassword,
  resetUserMfa,
  getSecurityPolicy,
  updateSecurityPolicy,
] as const;
