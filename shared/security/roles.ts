import { PERMISSION_KEYS, type PermissionKey } from './permissions';

interface RoleInfo {
  readonly label: string;
  readonly description: string;
  /** May write clinical records without being clocked in (DESIGN.md: admin roles). */
  readonly shiftExempt: boolean;
  /** Must use TOTP MFA once the grace period is over. */
  readonly mfaMandatory: boolean;
  readonly permissions: readonly PermissionKey[];
}

const CHART_READ: readonly PermissionKey[] = [
  'patients.read',
  'consent.read',
  'encounters.read',
  'vitals.read',
  'diagnoses.read',
  'notes.read',
  'prescriptions.read',
  'labs.read',
  'appointments.read',
];
const OWN_SHIFT: readonly PermissionKey[] = ['shifts.read', 'shifts.clock', 'sync.view', 'sync.run'];
const USER_ADMIN: readonly PermissionKey[] = [
  'users.read',
  'users.create',
  'users.update',
  'users.assign_roles',
  'users.unlock',
  'users.reset_password',
  'users.reset_mfa',
];
const SITE_ADMIN: readonly PermissionKey[] = [
  ...USER_ADMIN,
  'shifts.read',
  'shifts.manage',
  'shifts.clock',
  'devices.read',
  'devices.enroll',
  'devices.revoke',
  'devices.rotate_keys',
  'sync.run',
  'sync.view',
  'sync.resolve_conflicts',
  'audit.view',
  'audit.export',
  'audit.verify',
  'alerts.view',
  'alerts.acknowledge',
  'break_glass.review',
  'settings.view',
  'settings.manage',
  'settings.security',
  'reports.view',
  'reports.moh705',
  'reports.export',
  'reports.submit',
];
const SENSITIVE: readonly PermissionKey[] = [
  'sensitive.hiv',
  'sensitive.gbv',
  'sensitive.mental_health',
  'sensitive.reproductive_health',
];

export const ROLES = {
  owner: {
    label: 'Owner',
    description: 'Set up the organisation; holds every permission.',
    shiftExempt: true,
    mfaMandatory: true,
    permissions: PERMISSION_KEYS,
  },
  org_admin: {
    label: 'Organisation admin',
    description: 'Runs the organisation’s facilities, staff, workstations and security settings.',
    shiftExempt: true,
    mfaMandatory: true,
    permissions: [
      ...SITE_ADMIN,
      ...CHART_READ,
      'patients.create',
      'patients.update',
      'patients.merge',
      'patients.export',
      'audit.purge',
    ],
  },
  facility_admin: {
    label: 'Facility admin',
    description: 'Manages one facility’s staff, shifts, workstations and audit review.',
    shiftExempt: true,
    mfaMandatory: true,
    permissions: [...SITE_ADMIN, 'patients.read'],
  },
  clinical_manager: {
    label: 'Clinical manager',
    description: 'Leads clinical staff: schedules shifts, sees every record, reviews emergency access.',
    shiftExempt: false,
    mfaMandatory: true,
    permissions: [
      ...CHART_READ,
      ...OWN_SHIFT,
      ...SENSITIVE,
      'shifts.manage',
      'users.read',
      'encounters.create',
      'encounters.update',
      'encounters.close',
      'vitals.record',
      'vitals.amend',
      'diagnoses.record',
      'diagnoses.amend',
      'notes.write',
      'notes.amend',
      'prescriptions.create',
      'prescriptions.cancel',
      'labs.order',
      'labs.cancel_order',
      'allergies.record',
      'appointments.manage',
      'reports.view',
      'reports.moh705',
      'reports.export',
      'alerts.view',
      'break_glass.review',
      'dispensing.read',
    ],
  },
  clinician: {
    label: 'Clinician',
    description: 'Clinical officer or doctor: sees patients, diagnoses, prescribes and orders labs.',
    shiftExempt: false,
    mfaMandatory: true,
    permissions: [
      ...CHART_READ,
      ...OWN_SHIFT,
      'encounters.update',
      'encounters.close',
      'vitals.record',
      'vitals.amend',
      'diagnoses.record',
      'diagnoses.amend',
      'notes.write',
      'notes.amend',
      'prescriptions.create',
      'prescriptions.cancel',
      'labs.order',
      'labs.cancel_order',
      'allergies.record',
      'appointments.manage',
      'break_glass.request',
      'dispensing.read',
    ],
  },
  nurse: {
    label: 'Nurse',
    description: 'Triages patients, records vitals and nursing notes, books follow-ups.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      ...CHART_READ,
      ...OWN_SHIFT,
      'encounters.create',
      'encounters.update',
      'vitals.record',
      'vitals.amend',
      'notes.write',
      'notes.amend',
      'allergies.record',
      'appointments.manage',
      'break_glass.request',
    ],
  },
  midwife: {
    label: 'Midwife',
    description: 'Maternal and newborn care, including reproductive health records.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      ...CHART_READ,
      ...OWN_SHIFT,
      'sensitive.reproductive_health',
      'encounters.create',
      'encounters.update',
      'encounters.close',
      'vitals.record',
      'vitals.amend',
      'diagnoses.record',
      'notes.write',
      'notes.amend',
      'allergies.record',
      'appointments.manage',
      'break_glass.request',
    ],
  },
  pharmacist: {
    label: 'Pharmacist',
    description: 'Dispenses prescriptions and manages medicine stock.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      'patients.read',
      'encounters.read',
      'encounters.update',
      'prescriptions.read',
      'dispensing.read',
      'dispensing.dispense',
      'dispensing.manage_stock',
      'allergies.record',
      ...OWN_SHIFT,
    ],
  },
  lab_technician: {
    label: 'Lab technician',
    description: 'Collects samples and enters lab results.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      'patients.read',
      'encounters.read',
      'encounters.update',
      'labs.read',
      'labs.collect_sample',
      'labs.enter_result',
      'labs.verify_result',
      'labs.cancel_order',
      ...OWN_SHIFT,
    ],
  },
  registration_clerk: {
    label: 'Registration clerk',
    description: 'Registers patients, records consent and checks them in.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      'patients.read',
      'patients.create',
      'patients.update',
      'consent.read',
      'consent.record',
      'encounters.read',
      'encounters.create',
      'appointments.read',
      'appointments.manage',
      ...OWN_SHIFT,
    ],
  },
  health_records_officer: {
    label: 'Health records officer',
    description: 'Keeps records complete: merges duplicates, runs MOH reports and exports.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      ...CHART_READ,
      ...OWN_SHIFT,
      'patients.update',
      'patients.merge',
      'patients.export',
      'reports.view',
      'reports.moh705',
      'reports.export',
      'reports.submit',
    ],
  },
  cashier: {
    label: 'Cashier',
    description: 'Records payments for services and medicines.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: ['patients.read', 'encounters.read', 'billing.read', 'billing.collect', ...OWN_SHIFT],
  },
  hts_counsellor: {
    label: 'HTS counsellor',
    description: 'HIV testing and counselling; sees HIV-related records.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: ['patients.read', 'consent.read', 'encounters.read', 'hts.test', 'sensitive.hiv', ...OWN_SHIFT],
  },
  auditor: {
    label: 'Auditor',
    description: 'Reads the audit trail and security alerts; changes nothing.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      'audit.view',
      'audit.export',
      'audit.verify',
      'alerts.view',
      'users.read',
      'shifts.read',
      'devices.read',
    ],
  },
  it_support: {
    label: 'IT support',
    description: 'Keeps workstations and sync running; no access to clinical records.',
    shiftExempt: false,
    mfaMandatory: false,
    permissions: [
      'devices.read',
      'devices.enroll',
      'sync.run',
      'sync.view',
      'settings.view',
      'users.read',
      'users.unlock',
    ],
  },
} as const satisfies Record<string, RoleInfo>;

export type RoleKey = keyof typeof ROLES;
export const ROLE_KEYS = Object.keys(ROLES) as RoleKey[];

export function isRoleKey(value: string): value is RoleKey {
  return Object.prototype.hasOwnProperty.call(ROLES, value);
}

/** A user's effective permissions: their roles' defaults, plus grants, minus revocations. */
export function effectivePermissions(
  roles: readonly RoleKey[],
  grants: readonly PermissionKey[] = [],
  revocations: readonly PermissionKey[] = [],
): Set<PermissionKey> {
  const effective = new Set<PermissionKey>(roles.flatMap((role) => ROLES[role].permissions));
  for (const grant of grants) effective.add(grant);
  for (const revocation of revocations) effective.delete(revocation);
  return effective;
}

export const isShiftExempt = (roles: readonly RoleKey[]): boolean => roles.some((role) => ROLES[role].shiftExempt);
export const isMfaMandatory = (roles: readonly RoleKey[]): boolean => roles.some((role) => ROLES[role].mfaMandatory);
