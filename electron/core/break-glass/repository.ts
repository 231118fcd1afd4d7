import type { Database } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import { breakGlassPolicy, DEFAULT_BREAK_GLASS_POLICY, type BreakGlassGrant } from '../../../shared/api/break-glass';
import { StatementCache } from '../db/statement-cache';

interface GrantRow {
  id: string;
  user_id: string;
  user_name: string | null;
  patient_id: string;
  reason: string;
  granted_at: string;
  expires_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
  review_comment: string | null;
}

const toGrant = (row: GrantRow): BreakGlassGrant => ({
  id: row.id,
  userId: row.user_id,
  userName: row.user_name,
  patientId: row.patient_id,
  reason: row.reason,
  grantedAt: row.granted_at,
  expiresAt: row.expires_at,
  reviewedAt: row.reviewed_at,
  reviewedBy: row.reviewed_by,
  reviewComment: row.review_comment,
});

const SELECT = `SELECT g.*, u.display_name AS user_name FROM break_glass_grants g LEFT JOIN users u ON u.id = g.user_id`;

export class BreakGlassRepository {
  /** Read on every command that applies the caller's sensitivity scope, prepared once. */
  private readonly hot: StatementCache;

  constructor(private readonly db: Database) {
    this.hot = new StatementCache(db);
  }

  durationMinutes(): number {
    const raw = this.db.prepare("SELECT value FROM settings WHERE key = 'break_glass_policy'").pluck().get() as
      string | undefined;
    const parsed = raw === undefined ? null : breakGlassPolicy.safeParse(JSON.parse(raw));
    return parsed?.success ? parsed.data.durationMinutes : DEFAULT_BREAK_GLASS_POLICY.durationMinutes;
  }

  setDurationMinutes(durationMinutes: number): void {
    this.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('break_glass_policy', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify({ durationMinutes }));
  }

  grant(userId: string, patientId: string, reason: string, now: Date): BreakGlassGrant {
    const id = uuidv7();
    const expiresAt = new Date(now.getTime() + this.durationMinutes() * 60_000);
    this.db
      .prepare(
        'INSERT INTO break_glass_grants (id, user_id, patient_id, reason, granted_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, userId, patientId, reason, now.toISOString(), expiresAt.toISOString());
    return this.require(id);
  }

  active(userId: string, now: Date): BreakGlassGrant[] {
    return (
      this.db
        .prepare(`${SELECT} WHERE g.user_id = ? AND g.expires_at > ? ORDER BY g.granted_at DESC`)
        .all(userId, now.toISOString()) as GrantRow[]
    ).map(toGrant);
  }

  /** Patients whose sensitive records the user may read now through break-glass. */
  activePatientIds(userId: string, now: Date): Set<string> {
    return new Set(
      this.hot
        .get('SELECT patient_id FROM break_glass_grants WHERE user_id = ? AND expires_at > ?')
        .pluck()
        .all(userId, now.toISOString()) as string[],
    );
  }

  reviewQueue(includeReviewed: boolean): BreakGlassGrant[] {
    return (
      this.db
        .prepare(`${SELECT} WHERE @all = 1 OR g.reviewed_at IS NULL ORDER BY g.granted_at DESC LIMIT 500`)
        .all({ all: includeReviewed ? 1 : 0 }) as GrantRow[]
    ).map(toGrant);
  }

  markReviewed(id: string, reviewerId: string, comment: string, now: Date): boolean {
    return (
      this.db
        .prepare(
          'UPDATE break_glass_grants SET reviewed_at = ?, reviewed_by = ?, review_comment = ? WHERE id = ? AND reviewed_at IS NULL',
        )
        .run(now.toISOString(), reviewerId, comment, id).changes === 1
    );
  }

  get(id: string): BreakGlassGrant | null {
    const row = this.db.prepare(`${SELECT} WHERE g.id = ?`).get(id) as GrantRow | undefined;
    return row === undefined ? null : toGrant(row);
  }

  private require(id: string): BreakGlassGrant {
    const grant = this.get(id);
    if (grant === null) throw new Error('A break-glass grant vanished after it was written');
    return grant;
  }
}
