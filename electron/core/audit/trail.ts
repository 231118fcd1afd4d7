import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import type { ErrorCode } from '../../../shared/api/errors';
import type { AuditAction } from '../commands/types';
import { entryHash, GENESIS_HASH, type ChainedFields } from './chain';

export interface AuditEntry {
  occurredAt: Date;
  userId: string | null;
  command: string;
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  /** The patient whose record this was, so the trail can be searched by patient. */
  patientId: string | null;
  /** Why the record was touched: the break-glass reason, an export's filter. */
  purpose: string | null;
  /** How many records an export or list returned, for the large-export alert. */
  recordCount: number | null;
  outcome: 'allowed' | 'denied' | 'failed';
  errorCode: ErrorCode | null;
}

/** Where the dispatcher records what happened. Only the dispatcher calls it. */
export interface AuditSink {
  /** Appends the entry and returns its id. */
  record(entry: AuditEntry): string;
}

/** Appends entries to this workstation's hash chain in the audit_log table. */
export class SqlAuditTrail implements AuditSink {
  private readonly insert: Statement;
  private readonly lastHash: Statement;
  private readonly anchor: Statement;
  readonly workstationId: string;

  constructor(db: Database) {
    this.workstationId = (db.prepare('SELECT id FROM workstation').get() as { id: string }).id;
    this.lastHash = db.prepare('SELECT hash FROM audit_log WHERE workstation_id = ? ORDER BY seq DESC LIMIT 1').pluck();
    // Positional parameters: every command writes an entry, and binding by name looks each one up.
    this.insert = db.prepare(`INSERT INTO audit_log
      (id, occurred_at, workstation_id, user_id, command, action, resource_type, resource_id, patient_id, purpose, record_count, outcome,
       error_code, prev_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.anchor = db.prepare('SELECT hash FROM audit_chain_anchor WHERE workstation_id = ?').pluck();
  }

  record(entry: AuditEntry): string {
    const fields: ChainedFields = {
      id: uuidv7(),
      occurred_at: entry.occurredAt.toISOString(),
      workstation_id: this.workstationId,
      user_id: entry.userId,
      command: entry.command,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      patient_id: entry.patientId,
      purpose: entry.purpose,
      record_count: entry.recordCount,
      outcome: entry.outcome,
      error_code: entry.errorCode,
      prev_hash: this.previousHash(),
    };
    this.insert.run(
      fields.id,
      fields.occurred_at,
      fields.workstation_id,
      fields.user_id,
      fields.command,
      fields.action,
      fields.resource_type,
      fields.resource_id,
      fields.patient_id,
      fields.purpose,
      fields.record_count,
      fields.outcome,
      fields.error_code,
      fields.prev_hash,
      entryHash(fields),
    );
    return fields.id;
  }

  private previousHash(): string {
    const last = this.lastHash.get(this.workstationId) as string | undefined;
    if (last !== undefined) return last;
    return (this.anchor.get(this.workstationId) as string | undefined) ?? GENESIS_HASH;
  }
}
