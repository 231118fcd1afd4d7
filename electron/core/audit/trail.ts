import type { Database } from 'better-sqlite3-multiple-ciphers';
import { v7 as uuidv7 } from 'uuid';
import type { ErrorCode } from '../../../shared/api/errors';
import type { AuditAction } from '../commands/types';

export interface AuditEntry {
  occurredAt: Date;
  userId: string | null;
  command: string;
  action: AuditAction;
  resourceType: string;
  resourceId: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
  errorCode: ErrorCode | null;
}

/** Where the dispatcher records what happened. Only the dispatcher calls it. */
export interface AuditSink {
  record(entry: AuditEntry): void;
}

export class SqlAuditTrail implements AuditSink {
  private readonly insert;
  private readonly workstationId: string;

  constructor(db: Database) {
    this.workstationId = (db.prepare('SELECT id FROM workstation').get() as { id: string }).id;
    this.insert = db.prepare(`INSERT INTO audit_log
      (id, occurred_at, workstation_id, user_id, command, action, resource_type, resource_id, outcome, error_code)
      VALUES (@id, @occurredAt, @workstationId, @userId, @command, @action, @resourceType, @resourceId, @outcome, @errorCode)`);
  }

  record(entry: AuditEntry): void {
    this.insert.run({
      ...entry,
      id: uuidv7(),
      occurredAt: entry.occurredAt.toISOString(),
      workstationId: this.workstationId,
    });
  }
}
