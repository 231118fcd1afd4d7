import type { Migration } from '../db/migrations';

export const breakGlassMigration: Migration = {
  version: 7,
  name: 'break-glass grants and their review',
  up(db) {
    db.exec(`
      CREATE TABLE break_glass_grants (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        patient_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        reviewed_at TEXT,
        reviewed_by TEXT REFERENCES users (id),
        review_comment TEXT
      ) STRICT;
      CREATE INDEX break_glass_active ON break_glass_grants (user_id, patient_id, expires_at);
      CREATE INDEX break_glass_review ON break_glass_grants (reviewed_at, granted_at);
    `);
  },
};
