import { ROLES, type RoleKey } from '../../../shared/security/roles';

/** "Nurse, Midwife": role labels for people, never the keys. */
export function roleLabels(roles: readonly RoleKey[]): string {
  return roles.map((role) => ROLES[role].label).join(', ');
}
