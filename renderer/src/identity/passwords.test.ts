import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newPasswordSchema } from '../../../shared/api/identity';
import { inLanguage } from '../i18n/testing';
import { confirmed, newPasswordHint, suggestTemporaryPassword } from './passwords';

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
    expect(issues).toContainEqual({ path: 'again', message: 'The two passwords are not the same.' });
    expect(issues?.some((issue) => issue.path === 'password')).toBe(true);
  });

  it('says the mismatch in the language of the moment it is found, not of when the form was built', async () => {
    const issues = await inLanguage('sw', () => form.safeParse({ password: 'a', again: 'b' }).error?.issues ?? []);
    expect(issues.find((issue) => issue.path.join('.') === 'again')?.message).toBe('Manenosiri mawili hayafanani.');
  });
});

describe('newPasswordHint', () => {
  it('states the minimum length in either language', async () => {
    expect(newPasswordHint()).toMatch(/^At least \d+ characters\. /);
    expect(await inLanguage('sw', newPasswordHint)).toMatch(/^Angalau herufi \d+\. /);
  });
});
