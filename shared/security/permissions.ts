/**
 * The permission registry. Every key a command may require is declared here,
 * with the category it is listed under in user management and a plain
 * description an admin can understand.
 */
export const PERMISSION_CATEGORIES = {
  patients: 'Patients',
  consent: 'Consent',
  encounters: 'Visits and queue',
  vitals: 'Triage and vitals',
  diagnoses: 'Diagnoses',
  notes: 'Clinical notes',
  prescriptions: 'Prescriptions',
  dispensing: 'Dispensing and stock',
  labs: 'Laboratory',
  appointments: 'Appointments',
  allergies: 'Allergies',
  hts: 'HIV testing services',
  billing: 'Billing',
  reports: 'Reports',
  users: 'Users and roles',
  shifts: 'Shifts',
  devices: 'Workstations and keys',
  sync: 'Synchronisation',
  audit: 'Audit and alerts',
  settings: 'Settings',
  sensitive: 'Sensitive records',
} as const;

export type PermissionCategory = keyof typeof PERMISSION_CATEGORIES;

interface PermissionInfo {
  readonly category: PermissionCategory;
  readonly description: string;
}

export const PERMISSIONS = {
  'patients.read': { category: 'patients', description: 'Search for patients and open their charts' },
  'patients.create': { category: 'patients', description: 'Register new patients' },
  'patients.update': { category: 'patients', description: 'Edit patient demographics and identifiers' },
  'patients.merge': { category: 'patients', description: 'Merge duplicate patient records' },
  'patients.export': { category: 'patients', description: 'Export patient records' },
  'consent.read': { category: 'consent', description: 'See consent to care and to data processing' },
  'consent.record': { category: 'consent', description: 'Record consent and its withdrawal' },
  'encounters.read': { category: 'encounters', description: 'See visits and the facility queue' },
  'encounters.create': { category: 'encounters', description: 'Check patients in for a visit' },
  'encounters.update': { category: 'encounters', description: 'Move visits between queue stages' },
  'encounters.close': { category: 'encounters', description: 'Close a visit with its outcome' },
  'vitals.read': { category: 'vitals', description: 'See triage and vital signs' },
  'vitals.record': { category: 'vitals', description: 'Record triage and vital signs' },
  'vitals.amend': { category: 'vitals', description: 'Correct recorded vital signs' },
  'diagnoses.read': { category: 'diagnoses', description: 'See diagnoses' },
  'diagnoses.record': { category: 'diagnoses', description: 'Record diagnoses' },
  'diagnoses.amend': { category: 'diagnoses', description: 'Correct recorded diagnoses' },
  'notes.read': { category: 'notes', description: 'Read clinical notes' },
  'notes.write': { category: 'notes', description: 'Write clinical notes' },
  'notes.amend': { category: 'notes', description: 'Amend clinical notes' },
  'prescriptions.read': { category: 'prescriptions', description: 'See prescriptions' },
  'prescriptions.create': { category: 'prescriptions', description: 'Prescribe medicines' },
  'prescriptions.cancel': { category: 'prescriptions', description: 'Cancel prescriptions' },
  'dispensing.read': { category: 'dispensing', description: 'See dispensing records' },
  'dispensing.dispense': { category: 'dispensing', description: 'Dispense medicines or record a stock-out' },
  'dispensing.manage_stock': { category: 'dispensing', description: 'Manage the formulary and stock levels' },
  'labs.read': { category: 'labs', description: 'See lab orders and results' },
  'labs.order': { category: 'labs', description: 'Order lab tests' },
  'labs.collect_sample': { category: 'labs', description: 'Record sample collection' },
  'labs.enter_result': { category: 'labs', description: 'Enter lab results' },
  'labs.verify_result': { category: 'labs', description: 'Verify and release lab results' },
  'labs.cancel_order': { category: 'labs', description: 'Cancel lab orders that will not be done, with the reason' },
  'appointments.read': { category: 'appointments', description: 'See appointment lists' },
  'appointments.manage': { category: 'appointments', description: 'Book, move and cancel appointments' },
  'allergies.record': { category: 'allergies', description: 'Record allergies and mark them no longer present' },
  'hts.test': { category: 'hts', description: 'Record HIV tests and counselling' },
  'billing.read': { category: 'billing', description: 'See bills and payments' },
  'billing.collect': { category: 'billing', description: 'Record payments' },
  'reports.view': { category: 'reports', description: 'View facility reports' },
  'reports.moh705': { category: 'reports', description: 'Generate MOH 705A/B summaries' },
  'reports.export': { category: 'reports', description: 'Export reports' },
  'reports.submit': { category: 'reports', description: 'Submit reports to KHIS' },
  'users.read': { category: 'users', description: 'See staff accounts' },
  'users.create': { category: 'users', description: 'Create staff accounts' },
  'users.update': { category: 'users', description: 'Edit staff accounts and deactivate them' },
  'users.assign_roles': { category: 'users', description: 'Change roles and grant or revoke permissions' },
  'users.unlock': { category: 'users', description: 'Unlock locked accounts' },
  'users.reset_password': { category: 'users', description: "Reset a user's password" },
  'users.reset_mfa': { category: 'users', description: "Reset a user's authenticator" },
  'shifts.read': { category: 'shifts', description: 'See the shift schedule' },
  'shifts.manage': { category: 'shifts', description: 'Schedule shifts for staff' },
  'shifts.clock': { category: 'shifts', description: 'Clock in and out of own shifts' },
  'devices.read': { category: 'devices', description: 'See enrolled workstations' },
  'devices.enroll': { category: 'devices', description: 'Enroll new workstations' },
  'devices.revoke': { category: 'devices', description: 'Revoke workstations' },
  'devices.rotate_keys': { category: 'devices', description: 'Rotate the facility data key' },
  'sync.run': { category: 'sync', description: 'Start synchronisation' },
  'sync.view': { category: 'sync', description: 'See synchronisation status' },
  'sync.resolve_conflicts': { category: 'sync', description: 'Review conflicting edits' },
  'audit.view': { category: 'audit', description: 'Search the audit trail' },
  'audit.export': { category: 'audit', description: 'Export the audit trail' },
  'audit.verify': { category: 'audit', description: 'Verify the audit chain' },
  'audit.purge': { category: 'audit', description: 'Purge audit entries past retention' },
  'alerts.view': { category: 'audit', description: 'See security alerts' },
  'alerts.acknowledge': { category: 'audit', description: 'Acknowledge security alerts' },
  'settings.view': { category: 'settings', description: 'See workstation and facility settings' },
  'settings.manage': { category: 'settings', description: 'Change facility settings' },
  'settings.security': { category: 'settings', description: 'Change security settings (MFA grace, idle timeouts)' },
  'sensitive.hiv': { category: 'sensitive', description: 'See HIV-related records' },
  'sensitive.gbv': { category: 'sensitive', description: 'See GBV/SGBV records' },
  'sensitive.mental_health': { category: 'sensitive', description: 'See mental health records' },
  'sensitive.reproductive_health': { category: 'sensitive', description: 'See reproductive health records' },
  'break_glass.request': { category: 'sensitive', description: 'Request emergency access to sensitive records' },
  'break_glass.review': { category: 'sensitive', description: 'Review emergency access' },
} as const satisfies Record<string, PermissionInfo>;

export type PermissionKey = keyof typeof PERMISSIONS;

export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as PermissionKey[];

export function isPermissionKey(value: string): value is PermissionKey {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, value);
}
