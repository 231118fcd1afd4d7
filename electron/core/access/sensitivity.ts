import { SENSITIVITY_CATEGORIES, SENSITIVITY_PERMISSION, type Sensitivity } from '../../../shared/security/sensitivity';
import type { BreakGlassRepository } from '../break-glass/repository';
import type { Session } from './session';

/**
 * Which sensitive records a session may see: the categories its permissions
 * open, and, for patients it broke the glass for, every category. Repositories
 * apply this in their queries, so hidden records are absent from lists,
 * searches, counts and exports alike, not merely hidden on screen.
 */
export interface SensitivityScope {
  readonly categories: ReadonlySet<Sensitivity>;
  readonly breakGlassPatients: ReadonlySet<string>;
}

export function sensitivityScope(session: Session, breakGlass: BreakGlassRepository, now: Date): SensitivityScope {
  const categories = new Set<Sensitivity>(['none']);
  for (const category of SENSITIVITY_CATEGORIES) {
    if (category !== 'none' && session.permissions.has(SENSITIVITY_PERMISSION[category])) categories.add(category);
  }
  return { categories, breakGlassPatients: breakGlass.activePatientIds(session.userId, now) };
}

export function canSee(scope: SensitivityScope, record: { sensitivity: Sensitivity; patientId: string }): boolean {
  return scope.categories.has(record.sensitivity) || scope.breakGlassPatients.has(record.patientId);
}

/**
 * A SQL condition (and its parameters) keeping only the rows the scope may see.
 * Column names come from the calling repository, never from input.
 */
export function visibleRowsCondition(
  scope: SensitivityScope,
  columns: { sensitivity: string; patientId: string },
): { sql: string; params: string[] } {
  const categories = [...scope.categories];
  const patients = [...scope.breakGlassPatients];
  const categoryList = categories.map(() => '?').join(', ');
  const sql =
    patients.length === 0
      ? `${columns.sensitivity} IN (${categoryList})`
      : `(${columns.sensitivity} IN (${categoryList}) OR ${columns.patientId} IN (${patients.map(() => '?').join(', ')}))`;
  return { sql, params: [...categories, ...patients] };
}
