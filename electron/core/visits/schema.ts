import type { Migration } from '../db/migrations';
import { appendOnlyTriggers, syncedColumns } from '../records/columns';
import type { SyncedTable } from '../records/writer';

export const VISITS: SyncedTable = {
  name: 'visits',
  kind: 'mutable',
  columns: [
    'patient_id',
    'checked_in_at',
    'attendance',
    'referred_from',
    'stage',
    'outcome',
    'referral_destination',
    'closed_at',
  ],
};

export const VITAL_SIGNS: SyncedTable = {
  name: 'vital_signs',
  kind: 'append-only',
  columns: [
    'patient_id',
    'visit_id',
    'recorded_at',
    'temperature_c',
    'pulse_bpm',
    'respiratory_rate',
    'systolic_mmhg',
    'diastolic_mmhg',
    'weight_kg',
    'height_cm',
    'spo2_percent',
    'muac_cm',
    'supersedes_id',
    'amendment_reason',
  ],
};

export const visitsMigration: Migration = {
  version: 10,
  name: 'visits and vital signs',
  up(db) {
    db.exec(`
      CREATE TABLE visits (${syncedColumns('mutable')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        checked_in_at TEXT NOT NULL,
        attendance TEXT NOT NULL CHECK (attendance IN ('new', 'revisit')),
        referred_from TEXT,
        stage TEXT NOT NULL CHECK (stage IN ('triage', 'clinician', 'lab', 'pharmacy', 'done')),
        outcome TEXT CHECK (outcome IN ('discharged', 'referred_out', 'admitted', 'died')),
        referral_destination TEXT,
        closed_at TEXT
      ) STRICT;
      CREATE INDEX visits_patient ON visits (patient_id, checked_in_at);
      CREATE INDEX visits_open ON visits (stage, checked_in_at) WHERE closed_at IS NULL AND deleted_at IS NULL;

      CREATE TABLE vital_signs (${syncedColumns('append-only')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        visit_id TEXT NOT NULL REFERENCES visits (id),
        recorded_at TEXT NOT NULL,
        temperature_c REAL,
        pulse_bpm REAL,
        respiratory_rate REAL,
        systolic_mmhg REAL,
        diastolic_mmhg REAL,
        weight_kg REAL,
        height_cm REAL,
        spo2_percent REAL,
        muac_cm REAL,
        supersedes_id TEXT REFERENCES vital_signs (id),
        amendment_reason TEXT
      ) STRICT;
      CREATE INDEX vital_signs_visit ON vital_signs (visit_id, recorded_at);
      CREATE INDEX vital_signs_patient ON vital_signs (patient_id, recorded_at);
      CREATE INDEX vital_signs_supersedes ON vital_signs (supersedes_id);
      ${appendOnlyTriggers('vital_signs')}
    `);
  },
};
