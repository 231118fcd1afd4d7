import type { Migration } from '../db/migrations';
import { appendOnlyTriggers, syncedColumns } from '../records/columns';
import type { SyncedTable } from '../records/writer';

export const DIAGNOSES: SyncedTable = {
  name: 'diagnoses',
  kind: 'append-only',
  columns: [
    'patient_id',
    'visit_id',
    'code',
    'label',
    'icd10',
    'episode',
    'sensitivity',
    'status',
    'supersedes_id',
    'amendment_reason',
  ],
};

export const diagnosesMigration: Migration = {
  version: 13,
  name: 'diagnoses',
  up(db) {
    db.exec(`
      CREATE TABLE diagnoses (${syncedColumns('append-only')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        visit_id TEXT NOT NULL REFERENCES visits (id),
        code TEXT,
        label TEXT NOT NULL,
        icd10 TEXT NOT NULL,
        episode TEXT NOT NULL CHECK (episode IN ('new', 'repeat')),
        sensitivity TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'retracted')),
        supersedes_id TEXT REFERENCES diagnoses (id),
        amendment_reason TEXT
      ) STRICT;
      CREATE INDEX diagnoses_visit ON diagnoses (visit_id, created_at);
      CREATE INDEX diagnoses_patient ON diagnoses (patient_id, created_at);
      CREATE INDEX diagnoses_supersedes ON diagnoses (supersedes_id);
      ${appendOnlyTriggers('diagnoses')}
    `);
  },
};
