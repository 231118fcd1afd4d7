import type { Migration } from '../db/migrations';

/**
 * Every command writes an audit entry, and every index of audit_log is one
 * more b-tree page to change, journal, encrypt and checkpoint per entry. The
 * trail is read by user, by patient and by time (search, alert rules, purge)
 * and along each workstation's chain; nothing looks entries up by resource,
 * so that index only cost writes.
 */
export const auditIndexMigration: Migration = {
  version: 19,
  name: 'drop the unused audit_log resource index',
  up(db) {
    db.exec('DROP INDEX IF EXISTS audit_log_resource');
  },
};
