import { z } from 'zod';

export const ALERT_RULES = [
  'failed_logins',
  'outside_shift',
  'many_record_views',
  'large_export',
  'break_glass',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const securityAlert = z.object({
  id: z.string(),
  rule: z.enum(ALERT_RULES),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  raisedAt: z.string(),
  summary: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type SecurityAlert = z.infer<typeof securityAlert>;

export const alertThresholds = z
  .object({
    failedLoginsIn15Minutes: z.number().int().min(2).max(50),
    recordViewsPerHour: z.number().int().min(10).max(10_000),
    exportRows: z.number().int().min(10).max(1_000_000),
  })
  .strict();
export type AlertThresholds = z.infer<typeof alertThresholds>;
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  failedLoginsIn15Minutes: 3,
  recordViewsPerHour: 60,
  exportRows: 1000,
};

export const alertsContract = {
  'alerts.list': {
    input: z.object({ includeAcknowledged: z.boolean().default(false) }).strict(),
    output: z.array(securityAlert),
  },
  'alerts.acknowledge': {
    input: z.object({ alertId: z.uuid(), note: z.string().trim().max(500).optional() }).strict(),
    output: securityAlert,
  },
  'alerts.getThresholds': { input: z.object({}).strict(), output: alertThresholds },
  'alerts.setThresholds': { input: alertThresholds, output: alertThresholds },
} as const;
