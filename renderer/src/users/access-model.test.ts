import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/security/roles';
import { effectiveOf, normalisedOverrides, permissionSource, togglePermission, type AccessDraft } from './access-model';

const nurse: AccessDraft = { roles: ['nurse'], grants: new Set(), revocations: new Set() };

describe('editing access', () => {
  it('starts from the roles’ defaults', () => {
    expect([...effectiveOf(nurse)].sort()).toEqual([...ROLES.nurse.permissions].sort());
    expect(permissionSource(nurse, 'vitals.record')).toBe('role');
    expect(permissionSource(nurse, 'hts.test')).toBe('none');
  });

  it('grants what no role gives and revokes what a role gives', () => {
    const granted = togglePermission(nurse, 'hts.test', true);
    const revoked = togglePermission(granted, 'vitals.amend', false);
    expect(permissionSource(revoked, 'hts.test')).toBe('granted');
    expect(permissionSource(revoked, 'vitals.amend')).toBe('revoked');
    expect(effectiveOf(revoked).has('hts.test')).toBe(true);
    expect(effectiveOf(revoked).has('vitals.amend')).toBe(false);
    expect(normalisedOverrides(revoked)).toEqual({ grants: ['hts.test'], revocations: ['vitals.amend'] });
  });

  it('turning an exception back off leaves no trace', () => {
    const back = togglePermission(togglePermission(nurse, 'hts.test', true), 'hts.test', false);
    const restored = togglePermission(togglePermission(back, 'vitals.amend', false), 'vitals.amend', true);
    expect(normalisedOverrides(restored)).toEqual({ grants: [], revocations: [] });
  });

  it('drops exceptions that a role change made meaningless before saving', () => {
    const granted = togglePermission(nurse, 'hts.test', true);
    // HTS counsellors have hts.test by default, so the grant says nothing any more.
    const withRole: AccessDraft = { ...granted, roles: ['nurse', 'hts_counsellor'] };
    expect(permissionSource(withRole, 'hts.test')).toBe('role');
    expect(normalisedOverrides(withRole).grants).toEqual([]);
  });
});
