import type { Migration } from '../db/migrations';

export const identityMigration: Migration = {
  version: 3,
  name: 'organisation, facility, users, roles, MFA and settings',
  up(db) {
    db.exec(`
      CREATE TABLE organization (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE facility (
        id TEXT PRIMARY KEY,
        organization_id TEXT NOT NULL REFERENCES organization (id),
        name TEXT NOT NULL,
        mfl_code TEXT NOT NULL,
        county TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        facility_id TEXT NOT NULL REFERENCES facility (id),
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        locked_until TEXT,
        mfa_secret TEXT,
        mfa_pending_secret TEXT,
        mfa_enabled_at TEXT,
        mfa_last_step INTEGER,
        mfa_grace_start TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE user_roles (
        user_id TEXT NOT NULL REFERENCES users (id),
        role TEXT NOT NULL,
        PRIMARY KEY (user_id, role)
      ) STRICT;

      CREATE TABLE user_permission_overrides (
        user_id TEXT NOT NULL REFERENCES users (id),
        permission TEXT NOT NULL,
        effect TEXT NOT NULL CHECK (effect IN ('grant', 'revoke')),
        PRIMARY KEY (user_id, permission)
      ) STRICT;

      CREATE TABLE recovery_codes (
        user_id TEXT NOT NULL REFERENCES users (id),
        code_hash TEXT NOT NULL,
        used_at TEXT,
        PRIMARY KEY (user_id, code_hash)
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
