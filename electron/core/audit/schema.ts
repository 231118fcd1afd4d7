import type { Migration } from '../db/migrations';

export const auditLogMigration: Migration = {
  version: 2,
  name: 'append-only audit log',
  up(db) {
    db.exec(`CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      occurred_at TEXT NOT NULL,
      workstation_id TEXT NOT NULL,
      user_id TEXT,
      command TEXT NOT NULL,
      action TEXT NOT NULL,
      resource_type TEXT NOT NULL,
      resource_id TEXT,
      outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'failed')),
      error_code TEXT
    ) STRICT;
    CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at);
    CREATE INDEX audit_log_user ON audit_log (user_id, occurred_at);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
  },
};
