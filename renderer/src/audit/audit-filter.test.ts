import { describe, expect, it } from 'vitest';
import { auditFilterForm, EMPTY_FILTER, toAuditFilter } from './audit-filter';

const PATIENT = '0190a0b0-1111-7000-8000-000000000001';

describe('toAuditFilter', () => {
  it('sends nothing for an empty form', () => {
    expect(toAuditFilter(EMPTY_FILTER)).toEqual({});
  });

  it('keeps what is set, with the dates as whole local days', () => {
    const filter = toAuditFilter({
      ...EMPTY_FILTER,
      patientId: ` ${PATIENT} `,
      action: 'FAILED_LOGIN',
      outcome: 'denied',
      from: '2026-03-01',
      to: '2026-03-12',
    });
    expect(filter).toMatchObject({ patientId: PATIENT, action: 'FAILED_LOGIN', outcome: 'denied' });
    const from = new Date(filter.from ?? '');
    const to = new Date(filter.to ?? '');
    expect([from.getDate(), from.getHours(), from.getMinutes()]).toEqual([1, 0, 0]);
    expect([to.getDate(), to.getHours(), to.getMinutes(), to.getSeconds(), to.getMilliseconds()]).toEqual([
      12, 23, 59, 59, 999,
    ]);
  });
});

describe('auditFilterForm', () => {
  it('accepts a single day (from and to the same date)', () => {
    expect(auditFilterForm.safeParse({ ...EMPTY_FILTER, from: '2026-03-12', to: '2026-03-12' }).success).toBe(true);
  });

  it('puts the contract’s date-order rule on the end date', () => {
    const result = auditFilterForm.safeParse({ ...EMPTY_FILTER, from: '2026-03-12', to: '2026-03-01' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['to', 'The end date must not be before the start date'],
    ]);
  });

  it('refuses a patient id that is not one', () => {
    const result = auditFilterForm.safeParse({ ...EMPTY_FILTER, patientId: 'Mary Atieno' });
    expect(result.error?.issues[0]?.path).toEqual(['patientId']);
  });
});
