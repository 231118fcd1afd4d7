import type { AlertRule } from '../../../shared/api/alerts';
import { i18n } from '../i18n';

/** What each rule watches for, as an admin would say it, in the UI language. */
export function alertRuleLabel(rule: AlertRule): string {
  return i18n.t(`alerts.text.rule.${rule}`);
}
