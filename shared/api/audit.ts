import { z } from 'zod';

export const AUDIT_ACTIONS = [
  'CREATE',
  'READ',
  'UPDATE',
  'DELETE',
  'EXPORT',
  'LOGIN',
  'LOGOUT',
  'FAILED_LOGIN',
  'BREAK_GLASS',
  'PERMISSION_CHANGE',
  'EXECUTE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;

const isoDate = z.iso.datetime({ offset: true });

export const auditFilter = z
  .object({
    userId: z.uuid().optional(),
    /** Entries about one patient: their chart, visits and observations. */
    patientId: z.uuid().optional(),
    action: z.enum(AUDIT_ACTIONS).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict()
  .refine((filter) => !filter.from || !filter.to || filter.from <= filter.to, {
    message: 'The start must come before the end',
    path: ['to'],
  });
export type AuditFilter = z.infer<typeof auditFilter>;

export const auditEntry = z.object({
  id: z.string(),
  occurredAt: z.string(),
  workstationId: z.string(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  command: z.string(),
  action: z.string(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  patientId: z.string().nullable(),
  purpose: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  errorCode: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditSearchInput = z
  .object({
    filter: auditFilter,
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const auditSearchOutput = z.object({ entries: z.array(auditEntry), total: z.number().int() });

export const auditExportOutput = z.object({ filename: z.string(), csv: z.string(), rowCount: z.number().int() });

export const chainBreak = z.object({
  workstationId: z.string(),
  entryId: z.string(),
  occurredAt: z.string(),
  reason: z.enum(['altered', 'broken-link']),
});
export const verifyOutput = z.object({
  checked: z.number().int(),
  intact: z.boolean(),
  firstBreak: chainBreak.nullable(),
});

export const MIN_RETENTION_YEARS = 6;
export const retentionSetting = z.object({ years: z.number().int().min(MIN_RETENTION_YEARS).max(30) }).strict();
export const purgeOutput = z.object({ removed: z.number().int(), cutoff: z.string() });

const empty = z.object({}).strict();

export const auditContract = {
  'audit.search': { input: auditSearchInput, output: auditSearchOutput },
  'audit.export': { input: z.object({ filter: auditFilter }).strict(), output: auditExportOutput },
  'audit.verify': { input: empty, output: verifyOutput },
  'audit.getRetention': { input: empty, output: retentionSetting },
  'audit.setRetention': { input: retentionSetting, output: retentionSetting },
  'audit.purge': { input: empty, output: purgeOutput },
} as const;
