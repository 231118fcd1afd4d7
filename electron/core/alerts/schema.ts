import type { Migration } from '../db/migrations';

export const alertsMigration: Migration = {
  version: 6,
  name: 'security alerts',
  up(db) {
    db.exec(`
      CREATE TABLE security_alerts (
        id TEXT PRIMARY KEY,
        rule TEXT NOT NULL,
        user_id TEXT,
        raised_at TEXT NOT NULL,
        summary TEXT NOT NULL,
        source_audit_id TEXT NOT NULL,
        acknowledged_at TEXT,
        acknowledged_by TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX security_alerts_open ON security_alerts (acknowledged_at, raised_at);
    `);
  },
};
