import type { FieldValues, UseFormSetError } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { failure } from '../../../shared/api/errors';
import { applyFailure, firstIssuePath } from './failure';

interface Form extends FieldValues {
  username: string;
  password: string;
}

function recorder() {
  const calls: { path: string; message: string | undefined; focus: boolean | undefined }[] = [];
  const setError: UseFormSetError<Form> = (path, error, options) => {
    calls.push({ path, message: error.message, focus: options?.shouldFocus });
  };
  return { calls, setError };
}

describe('applyFailure', () => {
  it('puts VALIDATION issues on their fields, focusing the first, and leaves no form message', () => {
    const { calls, setError } = recorder();
    const message = applyFailure(
      failure('VALIDATION', 'Check the form.', [
        { path: 'password', message: 'Too weak' },
        { path: 'username', message: 'Taken' },
      ]),
      setError,
      ['username', 'password'],
    );
    expect(message).toBeNull();
    expect(calls).toEqual([
      { path: 'password', message: 'Too weak', focus: true },
      { path: 'username', message: 'Taken', focus: false },
    ]);
  });

  it('says issues for fields the form does not have as a form message', () => {
    const { calls, setError } = recorder();
    const message = applyFailure(
      failure('VALIDATION', 'Check the form.', [{ path: 'facility.name', message: 'Required' }]),
      setError,
      ['username'],
    );
    expect(message).toBe('Required');
    expect(calls).toEqual([]);
  });

  it('gives any other failure’s message as it is', () => {
    const { calls, setError } = recorder();
    expect(applyFailure(failure('LOCKED', 'This account is locked.'), setError, ['username'])).toBe(
      'This account is locked.',
    );
    expect(calls).toEqual([]);
  });

  it('finds the first issue path of a VALIDATION failure only', () => {
    expect(firstIssuePath(failure('VALIDATION', 'x', [{ path: 'owner.password', message: 'y' }]))).toBe(
      'owner.password',
    );
    expect(firstIssuePath(failure('FORBIDDEN', 'x'))).toBeNull();
  });
});
