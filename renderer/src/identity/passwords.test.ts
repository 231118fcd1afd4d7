import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newPasswordSchema } from '../../../shared/api/identity';
import { confirmed, MISMATCH_MESSAGE, suggestTemporaryPassword } from './passwords';

describe('suggestTemporaryPassword', () => {
  it('gives four groups of four unambiguous characters that pass the contract’s length rule', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 200; index += 1) {
      const password = suggestTemporaryPassword();
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      expect(newPasswordSchema.safeParse(password).success).toBe(true);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});

describe('confirmed', () => {
  const form = confirmed(z.object({ password: z.string().min(12), again: z.string() }), 'password', 'again');

  it('accepts two equal entries', () => {
    expect(form.safeParse({ password: 'long enough password', again: 'long enough password' }).success).toBe(true);
  });

  it('reports a mismatch on the confirmation field, even alongside other errors', () => {
    const result = form.safeParse({ password: 'short', again: 'different' });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    expect(issues).toContainEqual({ path: 'again', message: MISMATCH_MESSAGE });
    expect(issues?.some((issue) => issue.path === 'password')).toBe(true);
  });
});
