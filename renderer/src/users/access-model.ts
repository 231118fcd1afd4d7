import { PERMISSION_KEYS, type PermissionKey } from '../../../shared/security/permissions';
import { effectivePermissions, type RoleKey } from '../../../shared/security/roles';

/** What an admin is editing: roles, plus per-permission exceptions to what the roles give. */
export interface AccessDraft {
  roles: readonly RoleKey[];
  grants: ReadonlySet<PermissionKey>;
  revocations: ReadonlySet<PermissionKey>;
}

export type PermissionSource = 'role' | 'granted' | 'revoked' | 'none';

/** Why a permission is (or is not) in the effective set, for the label next to it. */
export function permissionSource(draft: AccessDraft, permission: PermissionKey): PermissionSource {
  const fromRoles = effectivePermissions(draft.roles).has(permission);
  if (fromRoles) return draft.revocations.has(permission) ? 'revoked' : 'role';
  return draft.grants.has(permission) ? 'granted' : 'none';
}

/**
 * Turns one permission on or off by adding or removing the exception that
 * achieves it: a grant for something the roles do not give, a revocation of
 * something they do.
 */
export function togglePermission(draft: AccessDraft, permission: PermissionKey, allowed: boolean): AccessDraft {
  const grants = new Set(draft.grants);
  const revocations = new Set(draft.revocations);
  const fromRoles = effectivePermissions(draft.roles).has(permission);
  if (allowed) {
    revocations.delete(permission);
    if (!fromRoles) grants.add(permission);
  } else {
    grants.delete(permission);
    if (fromRoles) revocations.add(permission);
  }
  return { roles: draft.roles, grants, revocations };
}

/**
 * The exceptions that still mean something for the chosen roles, in registry
 * order: a grant of what a role already gives, or a revocation of what no role
 * gives, changes nothing and is dropped before saving.
 */
export function normalisedOverrides(draft: AccessDraft): { grants: PermissionKey[]; revocations: PermissionKey[] } {
  const fromRoles = effectivePermissions(draft.roles);
  return {
    grants: PERMISSION_KEYS.filter((key) => draft.grants.has(key) && !fromRoles.has(key)),
    revocations: PERMISSION_KEYS.filter((key) => draft.revocations.has(key) && fromRoles.has(key)),
  };
}

export function effectiveOf(draft: AccessDraft): Set<PermissionKey> {
  const { grants, revocations } = normalisedOverrides(draft);
  return effectivePermissions(draft.roles, grants, revocations);
}
