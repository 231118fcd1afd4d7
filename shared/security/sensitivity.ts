import type { PermissionKey } from './permissions';

/**
 * Sensitivity categories of clinical records. A record of a category other
 * than 'none' is visible only to users holding that category's permission, or
 * holding an active break-glass grant for the record's patient.
 */
export const SENSITIVITY_CATEGORIES = ['none', 'hiv', 'gbv', 'mental_health', 'reproductive_health'] as const;
export type Sensitivity = (typeof SENSITIVITY_CATEGORIES)[number];
export type SensitiveCategory = Exclude<Sensitivity, 'none'>;

export const SENSITIVITY_PERMISSION: Readonly<Record<SensitiveCategory, PermissionKey>> = {
  hiv: 'sensitive.hiv',
  gbv: 'sensitive.gbv',
  mental_health: 'sensitive.mental_health',
  reproductive_health: 'sensitive.reproductive_health',
};

export const SENSITIVITY_LABEL: Readonly<Record<Sensitivity, string>> = {
  none: 'Not sensitive',
  hiv: 'HIV',
  gbv: 'GBV / SGBV',
  mental_health: 'Mental health',
  reproductive_health: 'Reproductive health',
};
