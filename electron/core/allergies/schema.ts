import type { Migration } from '../db/migrations';
import { syncedColumns } from '../records/columns';
import type { SyncedTable } from '../records/writer';

export const ALLERGIES: SyncedTable = {
  name: 'patient_allergies',
  kind: 'mutable',
  columns: ['patient_id', 'allergen', 'reaction', 'severity', 'active'],
};

export const allergiesMigration: Migration = {
  version: 12,
  name: 'patient allergies',
  up(db) {
    db.exec(`
      CREATE TABLE patient_allergies (${syncedColumns('mutable')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        allergen TEXT NOT NULL,
        reaction TEXT,
        severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'unknown')),
        active INTEGER NOT NULL CHECK (active IN (0, 1))
      ) STRICT;
      CREATE INDEX patient_allergies_patient ON patient_allergies (patient_id);
    `);
  },
};
