import type { AlertRule } from '../../../shared/api/alerts';

/** What each rule watches for, as an admin would say it. */
export const ALERT_RULE_LABELS: Record<AlertRule, string> = {
  failed_logins: 'Repeated failed sign-ins',
  outside_shift: 'Records opened outside a shift',
  many_record_views: 'Many patient records opened',
  large_export: 'Large export',
  break_glass: 'Emergency access used',
};
