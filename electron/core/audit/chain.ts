import { hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The stored fields of an audit entry, as they are hashed. */
export interface ChainedFields {
  id: string;
  occurred_at: string;
  workstation_id: string;
  user_id: string | null;
  command: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  patient_id: string | null;
  purpose: string | null;
  record_count: number | null;
  outcome: string;
  error_code: string | null;
  prev_hash: string;
}

/** SHA-256 over every field and the previous entry's hash, in a fixed order. */
export function entryHash(entry: ChainedFields): string {
  const canonical = JSON.stringify([
    entry.id,
    entry.occurred_at,
    entry.workstation_id,
    entry.user_id,
    entry.command,
    entry.action,
    entry.resource_type,
    entry.resource_id,
    entry.patient_id,
    entry.purpose,
    entry.record_count,
    entry.outcome,
    entry.error_code,
    entry.prev_hash,
  ]);
  // One-shot hash: every command hashes one entry, and a Hash object per entry costs more than the digest.
  return hash('sha256', canonical, 'hex');
}
