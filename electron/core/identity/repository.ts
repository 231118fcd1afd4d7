import type { Database } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_SECURITY_POLICY, securityPolicy, type SecurityPolicy } from '../../../shared/api/identity';
import { isPermissionKey, type PermissionKey } from '../../../shared/security/permissions';
import { isRoleKey, type RoleKey } from '../../../shared/security/roles';
import { StatementCache } from '../db/statement-cache';
import { watchTables, type TableWatch, type WatchedTable } from '../db/table-watch';

export interface FacilityRow {
  id: string;
  organization_id: string;
  name: string;
  mfl_code: string;
  county: string;
}

export interface UserRow {
  id: string;
  facility_id: string;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: 0 | 1;
  active: 0 | 1;
  failed_attempts: number;
  next_attempt_at: string | null;
  locked_until: string | null;
  mfa_secret: string | null;
  mfa_pending_secret: string | null;
  mfa_enabled_at: string | null;
  mfa_last_step: number | null;
  mfa_grace_start: string;
  created_at: string;
}

export interface UserAccessRow {
  roles: RoleKey[];
  grants: PermissionKey[];
  revocations: PermissionKey[];
}

export interface NewUser {
  facilityId: string;
  username: string;
  displayName: string;
  passwordHash: string;
  mustChangePassword: boolean;
  roles: readonly RoleKey[];
}

/** The tables a session's access is read from, and which of their rows count. */
const ACCESS_TABLES: readonly WatchedTable[] = [
  { table: 'users' },
  { table: 'user_roles' },
  { table: 'user_permission_overrides' },
  { table: 'settings', row: (row) => `${row}.key = 'security_policy'` },
];

const usernameKey = (username: string): string => username.trim().toLowerCase();

/** The only code that reads or writes the identity tables. */
export class IdentityRepository {
  /** For the reads every command makes (its session's user, roles and policy; the facility), prepared once. */
  private readonly hot: StatementCache;

  private readonly accessWatch: TableWatch;

  constructor(private readonly db: Database) {
    this.hot = new StatementCache(db);
    this.accessWatch = watchTables(db, 'access', ACCESS_TABLES);
  }

  /**
   * A number that changes whenever anything a session's access rests on may
   * have changed: a user row (active, deactivation), roles, permission
   * overrides or the security policy. SessionManager caches each session's
   * permissions against it. Connection-local (TEMP) triggers bump it on every
   * write through this connection — this repository's, the sync engine's
   * applying another workstation's role change, a migration's — so no writer
   * has to remember to. Triggers cannot see a rollback: whoever rolls back
   * writes calls `accessMayHaveChanged()`.
   */
  accessVersion(): number {
    return this.accessWatch.version;
  }

  accessMayHaveChanged(): void {
    this.accessWatch.version += 1;
  }

  facility(): FacilityRow | null {
    return (
      (this.hot.get('SELECT id, organization_id, name, mfl_code, county FROM facility LIMIT 1').get() as
        FacilityRow | undefined) ?? null
    );
  }

  createFacility(
    organizationName: string,
    facility: { name: string; mflCode: string; county: string },
    now: Date,
  ): FacilityRow {
    const organizationId = uuidv7();
    const row: FacilityRow = {
      id: uuidv7(),
      organization_id: organizationId,
      name: facility.name,
      mfl_code: facility.mflCode,
      county: facility.county,
    };
    this.db
      .prepare('INSERT INTO organization (id, name, created_at) VALUES (?, ?, ?)')
      .run(organizationId, organizationName, now.toISOString());
    this.db
      .prepare(
        'INSERT INTO facility (id, organization_id, name, mfl_code, county, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.organization_id, row.name, row.mfl_code, row.county, now.toISOString());
    return row;
  }

  userById(id: string): UserRow | null {
    return (this.hot.get('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined) ?? null;
  }

  userByUsername(username: string): UserRow | null {
    return (
      (this.db.prepare('SELECT * FROM users WHERE username_key = ?').get(usernameKey(username)) as
        UserRow | undefined) ?? null
    );
  }

  listUsers(): UserRow[] {
    return this.db.prepare('SELECT * FROM users ORDER BY username_key').all() as UserRow[];
  }

  insertUser(user: NewUser, now: Date): string {
    const id = uuidv7();
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO users (id, facility_id, username, username_key, display_name, password_hash, must_change_password,
           mfa_grace_start, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        user.facilityId,
        user.username,
        usernameKey(user.username),
        user.displayName,
        user.passwordHash,
        user.mustChangePassword ? 1 : 0,
        at,
        at,
        at,
      );
    this.setAccess(id, { roles: [...user.roles], grants: [], revocations: [] });
    return id;
  }

  access(userId: string): UserAccessRow {
    const roles = (
      this.hot.get('SELECT role FROM user_roles WHERE user_id = ? ORDER BY role').pluck().all(userId) as string[]
    ).filter(isRoleKey);
    const overrides = this.hot
      .get('SELECT permission, effect FROM user_permission_overrides WHERE user_id = ? ORDER BY permission')
      .all(userId) as { permission: string; effect: 'grant' | 'revoke' }[];
    const keys = (effect: 'grant' | 'revoke') =>
      overrides
        .filter((row) => row.effect === effect)
        .map((row) => row.permission)
        .filter(isPermissionKey);
    return { roles, grants: keys('grant'), revocations: keys('revoke') };
  }

  setAccess(userId: string, access: UserAccessRow): void {
    this.db.prepare('DELETE FROM user_roles WHERE user_id = ?').run(userId);
    this.db.prepare('DELETE FROM user_permission_overrides WHERE user_id = ?').run(userId);
    const insertRole = this.db.prepare('INSERT INTO user_roles (user_id, role) VALUES (?, ?)');
    for (const role of new Set(access.roles)) insertRole.run(userId, role);
    const insertOverride = this.db.prepare(
      'INSERT INTO user_permission_overrides (user_id, permission, effect) VALUES (?, ?, ?)',
    );
    for (const grant of new Set(access.grants)) insertOverride.run(userId, grant, 'grant');
    for (const revocation of new Set(access.revocations)) insertOverride.run(userId, revocation, 'revoke');
  }

  update(userId: string, changes: Partial<Omit<UserRow, 'id' | 'facility_id' | 'created_at'>>, now: Date): void {
    const columns = Object.keys(changes);
    if (columns.length === 0) return;
    const assignments = columns.map((column) => `${column} = @${column}`).join(', ');
    this.db.prepare(`UPDATE users SET ${assignments}, updated_at = @updated_at WHERE id = @id`).run({
      ...changes,
      updated_at: now.toISOString(),
      id: userId,
    });
  }

  replaceRecoveryCodes(userId: string, codeHashes: readonly string[]): void {
    this.db.prepare('DELETE FROM recovery_codes WHERE user_id = ?').run(userId);
    const insert = this.db.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)');
    for (const hash of codeHashes) insert.run(userId, hash);
  }

  /** Marks the code used if it exists and was unused; true when it was accepted. */
  consumeRecoveryCode(userId: string, codeHash: string, now: Date): boolean {
    const result = this.db
      .prepare('UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL')
      .run(now.toISOString(), userId, codeHash);
    return result.changes === 1;
  }

  securityPolicy(): SecurityPolicy {
    const raw = this.hot.get("SELECT value FROM settings WHERE key = 'security_policy'").pluck().get() as
      string | undefined;
    if (raw === undefined) return DEFAULT_SECURITY_POLICY;
    const parsed = securityPolicy.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_SECURITY_POLICY;
  }

  setSecurityPolicy(policy: SecurityPolicy): void {
    this.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('security_policy', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify(policy));
  }
}
