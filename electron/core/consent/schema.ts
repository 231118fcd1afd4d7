import type { Migration } from '../db/migrations';
import { appendOnlyTriggers, syncedColumns } from '../records/columns';
import type { SyncedTable } from '../records/writer';

export const CONSENTS: SyncedTable = {
  name: 'consents',
  kind: 'append-only',
  columns: ['patient_id', 'kind', 'purpose', 'notice_version', 'decision', 'decided_at'],
};

export const CLINICAL_NOTES: SyncedTable = {
  name: 'clinical_notes',
  kind: 'append-only',
  columns: [
    'patient_id',
    'visit_id',
    'complaint',
    'history',
    'examination',
    'plan',
    'sensitivity',
    'supersedes_id',
    'amendment_reason',
  ],
};

export const APPOINTMENTS: SyncedTable = {
  name: 'appointments',
  kind: 'mutable',
  columns: ['patient_id', 'date', 'reason', 'status', 'visit_id'],
};

export const consentNotesAppointmentsMigration: Migration = {
  version: 11,
  name: 'consent, clinical notes and appointments',
  up(db) {
    db.exec(`
      CREATE TABLE consents (${syncedColumns('append-only')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        kind TEXT NOT NULL CHECK (kind IN ('care', 'data_processing')),
        purpose TEXT NOT NULL,
        notice_version TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('given', 'declined', 'withdrawn')),
        decided_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX consents_patient ON consents (patient_id, decided_at);
      ${appendOnlyTriggers('consents')}

      CREATE TABLE clinical_notes (${syncedColumns('append-only')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        visit_id TEXT NOT NULL REFERENCES visits (id),
        complaint TEXT,
        history TEXT,
        examination TEXT,
        plan TEXT,
        sensitivity TEXT NOT NULL DEFAULT 'none',
        supersedes_id TEXT REFERENCES clinical_notes (id),
        amendment_reason TEXT
      ) STRICT;
      CREATE INDEX clinical_notes_visit ON clinical_notes (visit_id, created_at);
      CREATE INDEX clinical_notes_supersedes ON clinical_notes (supersedes_id);
      ${appendOnlyTriggers('clinical_notes')}

      CREATE TABLE appointments (${syncedColumns('mutable')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        date TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'attended', 'cancelled')),
        visit_id TEXT
      ) STRICT;
      CREATE INDEX appointments_date ON appointments (date, status);
      CREATE INDEX appointments_patient ON appointments (patient_id, date);
    `);
  },
};
