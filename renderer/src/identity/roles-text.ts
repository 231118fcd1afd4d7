import type { RoleKey } from '../../../shared/security/roles';
import type { PermissionCategory, PermissionKey } from '../../../shared/security/permissions';
import { i18n } from '../i18n';

/*
 * shared/security names roles and permissions in English for core and the
 * server; people read them here, in the UI language, looked up by key.
 */

export function roleLabel(role: RoleKey): string {
  return i18n.t(`access.role.${role}.label`);
}

export function roleDescription(role: RoleKey): string {
  return i18n.t(`access.role.${role}.description`);
}

/** "Nurse, Midwife": role labels for people, never the keys. */
export function roleLabels(roles: readonly RoleKey[]): string {
  return roles.map(roleLabel).join(', ');
}

export function permissionDescription(permission: PermissionKey): string {
  return i18n.t(`access.permission.${permission}`);
}

export function permissionCategoryLabel(category: PermissionCategory): string {
  return i18n.t(`access.category.${category}`);
}
