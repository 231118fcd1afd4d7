/**
 * The permission registry. Every key a command may require is declared here,
 * with the category it is shown under in user management.
 */
export const PERMISSIONS = {
  'settings.view': { category: 'settings', description: 'See workstation and facility settings' },
  'settings.manage': { category: 'settings', description: 'Change workstation and facility settings' },
  'audit.view': { category: 'audit', description: 'Search the audit trail' },
} as const satisfies Record<string, { category: string; description: string }>;

export type PermissionKey = keyof typeof PERMISSIONS;

export function isPermissionKey(value: string): value is PermissionKey {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, value);
}
