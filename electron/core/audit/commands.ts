import type { AuditEntryView } from '../../../shared/api/audit';
import { defineCommand } from '../commands/types';
import { exportCsv } from '../records/csv';

/** Exports are capped so one click cannot produce an unbounded file. */
export const MAX_EXPORT_ROWS = 100_000;

const CSV_COLUMNS: (keyof AuditEntryView)[] = [
  'occurredAt',
  'workstationId',
  'userId',
  'userName',
  'command',
  'action',
  'resourceType',
  'resourceId',
  'purpose',
  'outcome',
  'errorCode',
];

export const searchAudit = defineCommand({
  name: 'audit.search',
  access: 'audit.view',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'audit_log' },
  handler: (ctx, input) => ctx.services.audit.search(input.filter, input.limit, input.offset),
});

export const exportAudit = defineCommand({
  name: 'audit.export',
  access: 'audit.export',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'EXPORT', resourceType: 'audit_log' },
  handler(ctx, input) {
    const { entries } = ctx.services.audit.search(input.filter, MAX_EXPORT_ROWS, 0);
    const csv = exportCsv(
      CSV_COLUMNS,
      entries.map((entry) => CSV_COLUMNS.map((column) => entry[column])),
    );
    ctx.setAuditPurpose(`export of ${entries.length} entries; filter ${JSON.stringify(input.filter)}`);
    ctx.setAuditRecordCount(entries.length);
    const stamp = ctx.now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return { filename: `zahanati-audit-${stamp}.csv`, csv, rowCount: entries.length };
  },
});

export const verifyAudit = defineCommand({
  name: 'audit.verify',
  access: 'audit.verify',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'EXECUTE', resourceType: 'audit_log' },
  handler: (ctx) => ctx.services.audit.verify(),
});

export const getRetention = defineCommand({
  name: 'audit.getRetention',
  access: 'audit.view',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'settings' },
  handler: (ctx) => ({ years: ctx.services.audit.retentionYears() }),
});

export const setRetention = defineCommand({
  name: 'audit.setRetention',
  access: 'settings.security',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'UPDATE', resourceType: 'settings' },
  handler(ctx, input) {
    ctx.services.audit.setRetentionYears(input.years);
    ctx.setAuditPurpose(`audit retention set to ${input.years} years`);
    return { years: ctx.services.audit.retentionYears() };
  },
});

export const purgeAudit = defineCommand({
  name: 'audit.purge',
  access: 'audit.purge',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'DELETE', resourceType: 'audit_log' },
  handler(ctx) {
    const cutoff = new Date(ctx.now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - ctx.services.audit.retentionYears());
    const removed = ctx.services.audit.purgeOlderThan(cutoff);
    ctx.setAuditPurpose(`purged ${removed} entries older than ${cutoff.toISOString()}`);
    return { removed, cutoff: cutoff.toISOString() };
  },
});

export const auditCommands = [searchAudit, exportAudit, verifyAudit, getRetention, setRetention, purgeAudit] as const;
