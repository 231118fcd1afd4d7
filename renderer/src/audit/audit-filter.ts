import { z } from 'zod';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  auditFilter,
  type AuditAction,
  type AuditFilter,
} from '../../../shared/api/audit';
import { i18n } from '../i18n';
import { issueText, message } from '../i18n/validation';
import { endOfLocalDay, isoWithOffset, localMoment } from '../ui/local-time';

/** The filter as typed into the form: empty strings for "any", dates as local calendar days. */
export interface AuditFilterValues {
  userId: string;
  patientId: string;
  action: AuditAction | '';
  outcome: (typeof AUDIT_OUTCOMES)[number] | '';
  from: string;
  to: string;
}

export const EMPTY_FILTER: AuditFilterValues = { userId: '', patientId: '', action: '', outcome: '', from: '', to: '' };

export const FILTER_FIELDS = ['userId', 'patientId', 'action', 'outcome', 'from', 'to'] as const;

/** The contract's filter for what was entered: only what is set, "to" up to the end of its day. */
export function toAuditFilter(values: AuditFilterValues): AuditFilter {
  const filter: AuditFilter = {};
  if (values.userId !== '') filter.userId = values.userId;
  const patientId = values.patientId.trim();
  if (patientId !== '') filter.patientId = patientId;
  if (values.action !== '') filter.action = values.action;
  if (values.outcome !== '') filter.outcome = values.outcome;
  const from = values.from === '' ? null : localMoment(values.from);
  if (from !== null) filter.from = isoWithOffset(from);
  const to = values.to === '' ? null : endOfLocalDay(values.to);
  if (to !== null) filter.to = isoWithOffset(to);
  return filter;
}

const optionalDate = z
  .string()
  .refine((value) => value === '' || localMoment(value) !== null, message('audit.filter.enterDate'));

/** What the form accepts: its own fields, then the shared contract's rules on the filter they make. */
export const auditFilterForm = z
  .object({
    userId: z.string(),
    patientId: z
      .string()
      .trim()
      .refine((value) => value === '' || z.uuid().safeParse(value).success, message('audit.filter.patientId')),
    action: z.enum(['', ...AUDIT_ACTIONS]),
    outcome: z.enum(['', ...AUDIT_OUTCOMES]),
    from: optionalDate,
    to: optionalDate,
  })
  .superRefine((values, ctx) => {
    const parsed = auditFilter.safeParse(toAuditFilter(values));
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      ctx.addIssue({
        code: 'custom',
        message: field === 'to' ? i18n.t('audit.filter.endBeforeStart') : issueText(issue),
        path: (FILTER_FIELDS as readonly string[]).includes(field) ? [field] : [],
      });
    }
  });

/** "Record created", "Sign-in", …: an audit action in the UI language. */
export function actionLabel(action: AuditAction): string {
  return i18n.t(`audit.filter.action.${action}`);
}

export function outcomeLabel(outcome: (typeof AUDIT_OUTCOMES)[number]): string {
  return i18n.t(`audit.filter.outcome.${outcome}`);
}
