import type { Migration } from '../db/migrations';
import { appendOnlyTriggers, syncedColumns } from '../records/columns';
import type { SyncedTable } from '../records/writer';

export const LAB_ORDERS: SyncedTable = {
  name: 'lab_orders',
  kind: 'mutable',
  columns: [
    'patient_id',
    'visit_id',
    'test_code',
    'test_name',
    'kind',
    'sensitivity',
    'status',
    'collected_at',
    'cancel_reason',
  ],
};

export const LAB_RESULTS: SyncedTable = {
  name: 'lab_results',
  kind: 'append-only',
  columns: [
    'order_id',
    'patient_id',
    'value_numeric',
    'value_coded',
    'unit',
    'flag',
    'reference_text',
    'sensitivity',
    'supersedes_id',
    'amendment_reason',
  ],
};

export const labsMigration: Migration = {
  version: 15,
  name: 'lab orders and results',
  up(db) {
    db.exec(`
      CREATE TABLE lab_orders (${syncedColumns('mutable')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        visit_id TEXT NOT NULL REFERENCES visits (id),
        test_code TEXT NOT NULL,
        test_name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('numeric', 'coded')),
        sensitivity TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ordered', 'collected', 'resulted', 'cancelled')),
        collected_at TEXT
      ) STRICT;
      CREATE INDEX lab_orders_visit ON lab_orders (visit_id);
      CREATE INDEX lab_orders_open ON lab_orders (status, created_at);

      CREATE TABLE lab_results (${syncedColumns('append-only')},
        order_id TEXT NOT NULL REFERENCES lab_orders (id),
        patient_id TEXT NOT NULL REFERENCES patients (id),
        value_numeric REAL,
        value_coded TEXT,
        unit TEXT,
        flag TEXT NOT NULL,
        reference_text TEXT,
        sensitivity TEXT NOT NULL,
        supersedes_id TEXT REFERENCES lab_results (id),
        amendment_reason TEXT,
        CHECK ((value_numeric IS NULL) != (value_coded IS NULL))
      ) STRICT;
      CREATE INDEX lab_results_order ON lab_results (order_id, created_at);
      ${appendOnlyTriggers('lab_results')}
    `);
  },
};

/**
 * A cancelled order keeps why it will not be done (ordered in error, the
 * patient left, the sample was rejected). Numbered 30 while the sync
 * migrations take the versions after 15; renumber to the next free version
 * when registering it in db/schema.ts.
 */
export const labCancellationMigration: Migration = {
  version: 17,
  name: 'lab order cancellation reason',
  up(db) {
    db.exec('ALTER TABLE lab_orders ADD COLUMN cancel_reason TEXT');
  },
};
