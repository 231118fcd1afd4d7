import type { Database } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import {
  alertThresholds,
  DEFAULT_ALERT_THRESHOLDS,
  type AlertRule,
  type AlertThresholds,
  type SecurityAlert,
} from '../../../shared/api/alerts';
import { StatementCache } from '../db/statement-cache';

interface AlertRow {
  id: string;
  rule: AlertRule;
  user_id: string | null;
  user_name: string | null;
  raised_at: string;
  summary: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  note: string | null;
}

const toAlert = (row: AlertRow): SecurityAlert => ({
  id: row.id,
  rule: row.rule,
  userId: row.user_id,
  userName: row.user_name,
  raisedAt: row.raised_at,
  summary: row.summary,
  acknowledgedAt: row.acknowledged_at,
  acknowledgedBy: row.acknowledged_by,
  note: row.note,
});

export class AlertRepository {
  /** Read on every audited command (thresholds), prepared once. */
  private readonly hot: StatementCache;

  private parsedThresholds: { raw: string | undefined; value: AlertThresholds } | null = null;

  constructor(private readonly db: Database) {
    this.hot = new StatementCache(db);
  }

  raise(alert: { rule: AlertRule; userId: string | null; summary: string; sourceAuditId: string }, now: Date): void {
    this.db
      .prepare(
        'INSERT INTO security_alerts (id, rule, user_id, raised_at, summary, source_audit_id) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(uuidv7(), alert.rule, alert.userId, now.toISOString(), alert.summary, alert.sourceAuditId);
  }

  /** An open alert of the same rule and user since `since`, to avoid raising the same alert over and over. */
  hasOpen(rule: AlertRule, userId: string | null, since: Date): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM security_alerts WHERE rule = ? AND user_id IS ? AND acknowledged_at IS NULL AND raised_at >= ? LIMIT 1`,
        )
        .get(rule, userId, since.toISOString()) !== undefined
    );
  }

  list(includeAcknowledged: boolean): SecurityAlert[] {
    const rows = this.db
      .prepare(
        `SELECT a.*, u.display_name AS user_name FROM security_alerts a LEFT JOIN users u ON u.id = a.user_id
         WHERE @all = 1 OR a.acknowledged_at IS NULL ORDER BY a.raised_at DESC LIMIT 500`,
      )
      .all({ all: includeAcknowledged ? 1 : 0 }) as AlertRow[];
    return rows.map(toAlert);
  }

  get(id: string): SecurityAlert | null {
    const row = this.db
      .prepare(
        'SELECT a.*, u.display_name AS user_name FROM security_alerts a LEFT JOIN users u ON u.id = a.user_id WHERE a.id = ?',
      )
      .get(id) as AlertRow | undefined;
    return row === undefined ? null : toAlert(row);
  }

  acknowledge(id: string, userId: string, note: string | null, now: Date): boolean {
    return (
      this.db
        .prepare(
          'UPDATE security_alerts SET acknowledged_at = ?, acknowledged_by = ?, note = ? WHERE id = ? AND acknowledged_at IS NULL',
        )
        .run(now.toISOString(), userId, note, id).changes === 1
    );
  }

  thresholds(): AlertThresholds {
    const raw = this.hot.get("SELECT value FROM settings WHERE key = 'alert_thresholds'").pluck().get() as
      string | undefined;
    // Parsed once per stored text: keyed by the text just read, the cache cannot outlive a change, whether
    // made here, rolled back, or applied from another workstation by sync.
    let parsed = this.parsedThresholds;
    if (parsed === null || parsed.raw !== raw) {
      parsed = { raw, value: parseThresholds(raw) };
      this.parsedThresholds = parsed;
    }
    return parsed.value;
  }

  setThresholds(thresholds: AlertThresholds): void {
    this.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('alert_thresholds', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(JSON.stringify(thresholds));
  }

  /** Counts this workstation's recent audit entries matching a rule's pattern. */
  countRecent(where: string, params: Record<string, string | null>): number {
    return this.db.prepare(`SELECT count(*) FROM audit_log WHERE ${where}`).pluck().get(params) as number;
  }
}

function parseThresholds(raw: string | undefined): AlertThresholds {
  const parsed = raw === undefined ? null : alertThresholds.safeParse(JSON.parse(raw));
  return parsed?.success ? parsed.data : DEFAULT_ALERT_THRESHOLDS;
}
