import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { CommandFailure } from '../../../shared/api/errors';

/**
 * Puts a failed command's message where the user will see it: VALIDATION
 * issues on the fields they name (core's paths use the same names as the
 * forms, which are built from the contract's schemas), anything else as one
 * form-level message. Returns that message, or null when every issue landed on
 * a field; the first such field takes focus.
 */
export function applyFailure<T extends FieldValues>(
  failure: CommandFailure,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): string | null {
  if (failure.code !== 'VALIDATION' || failure.issues === undefined || failure.issues.length === 0) {
    return failure.message;
  }
  const known = new Set<string>(fields);
  const unplaced: string[] = [];
  let focused = false;
  for (const issue of failure.issues) {
    if (known.has(issue.path)) {
      setError(issue.path as Path<T>, { type: 'server', message: issue.message }, { shouldFocus: !focused });
      focused = true;
    } else {
      unplaced.push(issue.message);
    }
  }
  if (unplaced.length === 0) return null;
  return unplaced.length === 1 && unplaced[0] !== undefined ? unplaced[0] : `${failure.message} ${unplaced.join(' ')}`;
}

/** Path of a VALIDATION failure's first issue, for a screen that must first show the step holding that field. */
export function firstIssuePath(failure: CommandFailure): string | null {
  return failure.code === 'VALIDATION' ? (failure.issues?.[0]?.path ?? null) : null;
}
