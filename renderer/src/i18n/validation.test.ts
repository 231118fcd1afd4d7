import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inLanguage } from './testing';
import { issueText, message } from './validation';

const issuesOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues ?? [];

describe('issueText', () => {
  const contract = z.object({ name: z.string().min(2, 'Name them').max(5, 'Too long'), kind: z.enum(['a', 'b']) });

  it('keeps a contract’s English message in English', () => {
    expect(issuesOf(contract, { name: 'x', kind: 'a' }).map(issueText)).toEqual(['Name them']);
  });

  it('says the issue again by its code and bound in Kiswahili', async () => {
    const [short] = issuesOf(contract, { name: 'x', kind: 'a' });
    const [long] = issuesOf(contract, { name: 'xxxxxx', kind: 'a' });
    const [choice] = issuesOf(contract, { name: 'xx', kind: 'c' });
    expect(await inLanguage('sw', () => [short, long, choice].map((issue) => (issue ? issueText(issue) : '')))).toEqual(
      ['Andika angalau herufi 2', 'Ndefu mno: si zaidi ya herufi 5', 'Chagua mojawapo ya machaguo'],
    );
  });

  it('falls back to the English message for a contract’s own refinement (no code to say again)', async () => {
    const [custom] = issuesOf(
      z.string().refine(() => false, 'Diastolic must be lower than systolic'),
      'x',
    );
    expect(await inLanguage('sw', () => (custom ? issueText(custom) : ''))).toBe(
      'Diastolic must be lower than systolic',
    );
  });
});

describe('message', () => {
  it('makes the text when the check fails, in the language of that moment', async () => {
    const schema = z.string().min(1, message('validation.required'));
    expect(issuesOf(schema, '')[0]?.message).toBe('Fill this in');
    expect(await inLanguage('sw', () => issuesOf(schema, '')[0]?.message)).toBe('Jaza sehemu hii');
  });
});
