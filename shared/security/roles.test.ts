import { describe, expect, it } from 'vitest';
import { PERMISSION_CATEGORIES, PERMISSION_KEYS, PERMISSIONS } from './permissions';
import { effectivePermissions, isMfaMandatory, isShiftExempt, ROLE_KEYS, ROLES } from './roles';

describe('the permission registry', () => {
  it('has at least 50 keys, each in a known category with a description', () => {
    expect(PERMISSION_KEYS.length).toBeGreaterThanOrEqual(50);
    for (const key of PERMISSION_KEYS) {
      expect(Object.keys(PERMISSION_CATEGORIES)).toContain(PERMISSIONS[key].category);
      expect(PERMISSIONS[key].description.length).toBeGreaterThan(5);
      expect(key.startsWith(`${key.split('.')[0]}.`)).toBe(true);
    }
  });

  it('covers the categories the access model names', () => {
    const used = new Set(PERMISSION_KEYS.map((key) => PERMISSIONS[key].category));
    for (const category of [
      'patients',
      'encounters',
      'vitals',
      'diagnoses',
      'prescriptions',
      'dispensing',
      'labs',
      'appointments',
      'reports',
      'users',
      'devices',
      'audit',
      'settings',
      'sensitive',
    ] as const) {
      expect(used).toContain(category);
    }
  });
});

describe('the roles', () => {
  it('include the fifteen roles of DESIGN.md, each described', () => {
    expect(ROLE_KEYS.sort()).toEqual(
      [
        'owner',
        'org_admin',
        'facility_admin',
        'clinical_manager',
        'clinician',
        'nurse',
        'midwife',
        'pharmacist',
        'lab_technician',
        'registration_clerk',
        'health_records_officer',
        'cashier',
        'hts_counsellor',
        'auditor',
        'it_support',
      ].sort(),
    );
    for (const role of ROLE_KEYS) expect(ROLES[role].description.length).toBeGreaterThan(10);
  });

  it('reference only registered permissions', () => {
    for (const role of ROLE_KEYS) for (const key of ROLES[role].permissions) expect(PERMISSION_KEYS).toContain(key);
  });

  it('exempt only owner, org admin and facility admin from shifts', () => {
    expect(ROLE_KEYS.filter((role) => ROLES[role].shiftExempt).sort()).toEqual([
      'facility_admin',
      'org_admin',
      'owner',
    ]);
    expect(isShiftExempt(['nurse', 'facility_admin'])).toBe(true);
    expect(isShiftExempt(['nurse'])).toBe(false);
  });

  it('make MFA mandatory for admins and senior clinical roles', () => {
    expect(ROLE_KEYS.filter((role) => ROLES[role].mfaMandatory).sort()).toEqual([
      'clinical_manager',
      'clinician',
      'facility_admin',
      'org_admin',
      'owner',
    ]);
    expect(isMfaMandatory(['registration_clerk'])).toBe(false);
  });

  it('keep sensitive categories away from roles that do not need them', () => {
    expect(ROLES.registration_clerk.permissions).not.toContain('sensitive.hiv');
    expect(ROLES.nurse.permissions).not.toContain('sensitive.hiv');
    expect(ROLES.hts_counsellor.permissions).toContain('sensitive.hiv');
    expect(ROLES.it_support.permissions).not.toContain('patients.read');
  });

  it('compute effective permissions from roles, grants and revocations', () => {
    const effective = effectivePermissions(['registration_clerk'], ['reports.view'], ['patients.update']);
    expect(effective.has('patients.create')).toBe(true);
    expect(effective.has('reports.view')).toBe(true);
    expect(effective.has('patients.update')).toBe(false);
    expect(effective.has('vitals.record')).toBe(false);
  });
});
