import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditEntryView, AuditFilter } from '../../../shared/api/audit';
import { entryHash, GENESIS_HASH, type ChainedFields } from './chain';

export const DEFAULT_RETENTION_YEARS = 7;

interface StoredEntry extends ChainedFields {
  seq: number;
  hash: string;
}

export interface ChainReport {
  checked: number;
  intact: boolean;
  firstBreak: { workstationId: string; entryId: string; occurredAt: string; reason: 'altered' | 'broken-link' } | null;
}

/** Reading, verifying and purging the audit trail. Writing is SqlAuditTrail's alone. */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  search(filter: AuditFilter, limit: number, offset: number): { entries: AuditEntryView[]; total: number } {
    const { where, params } = whereClause(filter);
    const total = this.db.prepare(`SELECT count(*) FROM audit_log a ${where}`).pluck().get(params) as number;
    const rows = this.db
      .prepare(
        `SELECT a.*, u.display_name AS user_name FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
         ${where} ORDER BY a.occurred_at DESC, a.seq DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset }) as (StoredEntry & { user_name: string | null })[];
    return { entries: rows.map(toView), total };
  }

  /** Walks each workstation's chain in order and reports the first entry that does not fit. */
  verify(): ChainReport {
    const anchors = new Map(
      (
        this.db.prepare('SELECT workstation_id, hash FROM audit_chain_anchor').all() as {
          workstation_id: string;
          hash: string;
        }[]
      ).map((row) => [row.workstation_id, row.hash]),
    );
    const previous = new Map<string, string>();
    let checked = 0;
    for (const entry of this.db
      .prepare('SELECT * FROM audit_log ORDER BY seq')
      .iterate() as IterableIterator<StoredEntry>) {
      checked += 1;
      const expectedPrev = previous.get(entry.workstation_id) ?? anchors.get(entry.workstation_id) ?? GENESIS_HASH;
      const reason =
        entry.prev_hash !== expectedPrev ? 'broken-link' : entryHash(entry) !== entry.hash ? 'altered' : null;
      if (reason !== null) {
        return {
          checked,
          intact: false,
          firstBreak: { workstationId: entry.workstation_id, entryId: entry.id, occurredAt: entry.occurred_at, reason },
        };
      }
      previous.set(entry.workstation_id, entry.hash);
    }
    return { checked, intact: true, firstBreak: null };
  }

  retentionYears(): number {
    const raw = this.db.prepare("SELECT value FROM settings WHERE key = 'audit_retention_years'").pluck().get() as
      string | undefined;
    return raw === undefined ? DEFAULT_RETENTION_YEARS : Number(raw);
  }

  setRetentionYears(years: number): void {
    this.db
      .prepare(
        "INSERT INTO settings (key, value) VALUES ('audit_retention_years', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      )
      .run(String(years));
  }

  /**
   * Removes entries older than the retention period, and nothing newer: the
   * delete trigger itself refuses any row at or after the cutoff. The hash of
   * the last removed entry of each workstation becomes that chain's anchor.
   */
  purgeOlderThan(cutoff: Date): number {
    const at = cutoff.toISOString();
    const lastRemoved = this.db
      .prepare(
        `SELECT workstation_id, hash FROM audit_log WHERE seq IN (
           SELECT max(seq) FROM audit_log WHERE occurred_at < ? GROUP BY workstation_id)`,
      )
      .all(at) as { workstation_id: string; hash: string }[];
    this.db.prepare('INSERT INTO audit_purge_window (singleton, cutoff) VALUES (1, ?)').run(at);
    const removed = this.db.prepare('DELETE FROM audit_log WHERE occurred_at < ?').run(at).changes;
    this.db.prepare('DELETE FROM audit_purge_window').run();
    const upsertAnchor = this.db.prepare(
      'INSERT INTO audit_chain_anchor (workstation_id, hash) VALUES (?, ?) ON CONFLICT (workstation_id) DO UPDATE SET hash = excluded.hash',
    );
    for (const row of lastRemoved) upsertAnchor.run(row.workstation_id, row.hash);
    return removed;
  }
}

function whereClause(filter: AuditFilter): { where: string; params: Record<string, string> } {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  const add = (condition: string, name: string, value: string | undefined) => {
    if (value === undefined) return;
    conditions.push(condition);
    params[name] = value;
  };
  add('a.user_id = @userId', 'userId', filter.userId);
  add('a.patient_id = @patientId', 'patientId', filter.patientId);
  add('a.action = @action', 'action', filter.action);
  add('a.outcome = @outcome', 'outcome', filter.outcome);
  add('a.occurred_at >= @from', 'from', filter.from && new Date(filter.from).toISOString());
  add('a.occurred_at <= @to', 'to', filter.to && new Date(filter.to).toISOString());
  return { where: conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`, params };
}

function toView(row: StoredEntry & { user_name: string | null }): AuditEntryView {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    workstationId: row.workstation_id,
    userId: row.user_id,
    userName: row.user_name,
    command: row.command,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    patientId: row.patient_id,
    purpose: row.purpose,
    outcome: row.outcome as AuditEntryView['outcome'],
    errorCode: row.error_code,
  };
}
