import type { Migration } from '../db/migrations';

export const shiftsMigration: Migration = {
  version: 5,
  name: 'shift schedule and clock events',
  up(db) {
    db.exec(`
      CREATE TABLE shifts (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        repeat_weekly_until TEXT,
        created_by TEXT NOT NULL REFERENCES users (id),
        created_at TEXT NOT NULL,
        cancelled_at TEXT
      ) STRICT;
      CREATE INDEX shifts_user ON shifts (user_id, starts_at);

      CREATE TABLE clock_events (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        shift_id TEXT NOT NULL REFERENCES shifts (id),
        occurrence_start TEXT NOT NULL,
        occurrence_end TEXT NOT NULL,
        clocked_in_at TEXT NOT NULL,
        clocked_out_at TEXT
      ) STRICT;
      CREATE INDEX clock_events_open ON clock_events (user_id, clocked_out_at);
    `);
  },
};
