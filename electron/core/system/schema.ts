import { randomUUID } from 'node:crypto';
import type { Migration } from '../db/migrations';

export const workstationMigration: Migration = {
  version: 1,
  name: 'workstation identity',
  up(db) {
    db.exec(`CREATE TABLE workstation (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      id TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`);
    db.prepare('INSERT INTO workstation (singleton, id, created_at) VALUES (1, ?, ?)').run(
      randomUUID(),
      new Date().toISOString(),
    );
  },
};
