import { CommandError, defineCommand } from '../commands/types';

export const listAlerts = defineCommand({
  name: 'alerts.list',
  access: 'alerts.view',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'security_alert' },
  handler: (ctx, input) => ctx.services.alerts.list(input.includeAcknowledged),
});

export const acknowledgeAlert = defineCommand({
  name: 'alerts.acknowledge',
  access: 'alerts.acknowledge',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'security_alert' },
  handler(ctx, input) {
    ctx.setAuditResource(input.alertId);
    const { alerts } = ctx.services;
    if (!alerts.acknowledge(input.alertId, ctx.session?.userId ?? '', input.note ?? null, ctx.now)) {
      throw new CommandError(
        alerts.get(input.alertId) === null ? 'NOT_FOUND' : 'CONFLICT',
        'That alert does not exist or was already acknowledged.',
      );
    }
    const alert = alerts.get(input.alertId);
    if (alert === null) throw new CommandError('NOT_FOUND', 'That alert does not exist.');
    return alert;
  },
});

export const getAlertThresholds = defineCommand({
  name: 'alerts.getThresholds',
  access: 'alerts.view',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'settings' },
  handler: (ctx) => ctx.services.alerts.thresholds(),
});

export const setAlertThresholds = defineCommand({
  name: 'alerts.setThresholds',
  access: 'settings.security',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'settings' },
  handler(ctx, input) {
    ctx.services.alerts.setThresholds(input);
    return ctx.services.alerts.thresholds();
  },
});

export const alertCommands = [listAlerts, acknowledgeAlert, getAlertThresholds, setAlertThresholds] as const;
