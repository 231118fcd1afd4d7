import type { Migration } from '../db/migrations';
import { entryHash, GENESIS_HASH, type ChainedFields } from './chain';

/**
 * Chains each workstation's audit entries by hash and lets entries past the
 * retention period, and only those, be purged. A purge records the hash of
 * the last entry it removed, so the chain still verifies from that anchor.
 */
export const auditChainMigration: Migration = {
  version: 4,
  name: 'audit hash chain, purpose and retention purge',
  up(db) {
    db.exec(`
      DROP TRIGGER audit_log_no_update;
      DROP TRIGGER audit_log_no_delete;
      ALTER TABLE audit_log ADD COLUMN purpose TEXT;
      ALTER TABLE audit_log ADD COLUMN record_count INTEGER;
      ALTER TABLE audit_log ADD COLUMN patient_id TEXT;
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
      ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
      CREATE INDEX audit_log_chain ON audit_log (workstation_id, seq);
      CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id);
      CREATE INDEX audit_log_patient ON audit_log (patient_id, occurred_at);

      CREATE TABLE audit_chain_anchor (
        workstation_id TEXT PRIMARY KEY,
        hash TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_purge_window (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        cutoff TEXT NOT NULL
      ) STRICT;
    `);
    backfillChain(db);
    db.exec(`
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        WHEN NOT EXISTS (SELECT 1 FROM audit_purge_window WHERE old.occurred_at < cutoff)
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};

function backfillChain(db: Parameters<Migration['up']>[0]): void {
  const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as (ChainedFields & { seq: number })[];
  const last = new Map<string, string>();
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  for (const row of rows) {
    const prev = last.get(row.workstation_id) ?? GENESIS_HASH;
    const hash = entryHash({ ...row, prev_hash: prev });
    update.run(prev, hash, row.seq);
    last.set(row.workstation_id, hash);
  }
}
