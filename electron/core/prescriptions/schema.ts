import type { Migration } from '../db/migrations';
import { appendOnlyTriggers, syncedColumns } from '../records/columns';
import type { SyncedTable } from '../records/writer';

export const PRESCRIPTIONS: SyncedTable = {
  name: 'prescriptions',
  kind: 'mutable',
  columns: [
    'patient_id',
    'visit_id',
    'drug_code',
    'drug_name',
    'strength',
    'form',
    'unit',
    'dose',
    'route',
    'frequency',
    'duration_days',
    'quantity',
    'instructions',
    'sensitivity',
    'status',
    'cancel_reason',
  ],
};

export const DISPENSINGS: SyncedTable = {
  name: 'dispensings',
  kind: 'append-only',
  columns: ['prescription_id', 'patient_id', 'outcome', 'quantity', 'note'],
};

export const prescriptionsMigration: Migration = {
  version: 14,
  name: 'prescriptions and dispensing',
  up(db) {
    db.exec(`
      CREATE TABLE prescriptions (${syncedColumns('mutable')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        visit_id TEXT NOT NULL REFERENCES visits (id),
        drug_code TEXT NOT NULL,
        drug_name TEXT NOT NULL,
        strength TEXT NOT NULL,
        form TEXT NOT NULL,
        unit TEXT NOT NULL,
        dose TEXT NOT NULL,
        route TEXT NOT NULL,
        frequency TEXT NOT NULL,
        duration_days INTEGER NOT NULL,
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        instructions TEXT,
        sensitivity TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
        cancel_reason TEXT
      ) STRICT;
      CREATE INDEX prescriptions_visit ON prescriptions (visit_id);

      CREATE TABLE dispensings (${syncedColumns('append-only')},
        prescription_id TEXT NOT NULL REFERENCES prescriptions (id),
        patient_id TEXT NOT NULL REFERENCES patients (id),
        outcome TEXT NOT NULL CHECK (outcome IN ('dispensed', 'stock_out')),
        quantity INTEGER NOT NULL CHECK (quantity >= 0),
        note TEXT
      ) STRICT;
      CREATE INDEX dispensings_prescription ON dispensings (prescription_id, created_at);
      ${appendOnlyTriggers('dispensings')}
    `);
  },
};
