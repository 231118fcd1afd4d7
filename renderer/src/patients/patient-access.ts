import type { PermissionKey } from '../../../shared/security/permissions';
import {
  SENSITIVITY_CATEGORIES,
  SENSITIVITY_PERMISSION,
  type SensitiveCategory,
} from '../../../shared/security/sensitivity';
import { useIdentityStore } from '../identity/identity-store';

const SENSITIVE = SENSITIVITY_CATEGORIES.filter((category): category is SensitiveCategory => category !== 'none');

/** The sensitive categories whose permission the user holds (core decides; this only picks what to offer). */
export function sensitiveCategoriesOf(permissions: readonly PermissionKey[]): SensitiveCategory[] {
  return SENSITIVE.filter((category) => permissions.includes(SENSITIVITY_PERMISSION[category]));
}

/** Whether some sensitive records stay hidden from this user without emergency access. */
export function lacksSomeSensitivePermission(permissions: readonly PermissionKey[]): boolean {
  return sensitiveCategoriesOf(permissions).length < SENSITIVE.length;
}

const NO_PERMISSIONS: readonly PermissionKey[] = [];

/** The signed-in user's permissions as core last reported them. */
export function usePermissions(): readonly PermissionKey[] {
  return useIdentityStore((store) => (store.session?.signedIn === true ? store.session.permissions : NO_PERMISSIONS));
}
