import type { Migration } from '../db/migrations';
import { syncedColumns } from '../records/columns';
import type { SyncedTable } from '../records/writer';

export const PATIENTS: SyncedTable = {
  name: 'patients',
  kind: 'mutable',
  columns: [
    'patient_number',
    'family_name',
    'given_name',
    'middle_name',
    'sex',
    'birth_date',
    'birth_date_estimated',
    'phone',
    'county',
    'sub_county',
    'village',
    'next_of_kin_name',
    'next_of_kin_relationship',
    'next_of_kin_phone',
    'sensitivity',
  ],
};

export const PATIENT_IDENTIFIERS: SyncedTable = {
  name: 'patient_identifiers',
  kind: 'mutable',
  columns: ['patient_id', 'type', 'value'],
};

export const patientsMigration: Migration = {
  version: 9,
  name: 'patients, identifiers and the name search index',
  up(db) {
    db.exec(`
      CREATE TABLE patients (${syncedColumns('mutable')},
        patient_number TEXT NOT NULL,
        family_name TEXT NOT NULL,
        given_name TEXT NOT NULL,
        middle_name TEXT,
        sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'intersex')),
        birth_date TEXT NOT NULL,
        birth_date_estimated INTEGER NOT NULL CHECK (birth_date_estimated IN (0, 1)),
        phone TEXT,
        county TEXT NOT NULL,
        sub_county TEXT,
        village TEXT,
        next_of_kin_name TEXT,
        next_of_kin_relationship TEXT,
        next_of_kin_phone TEXT,
        sensitivity TEXT NOT NULL DEFAULT 'none'
      ) STRICT;
      CREATE UNIQUE INDEX patients_number ON patients (patient_number);
      CREATE INDEX patients_phone ON patients (phone) WHERE deleted_at IS NULL;
      CREATE INDEX patients_family_name ON patients (lower(family_name));

      CREATE TABLE patient_identifiers (${syncedColumns('mutable')},
        patient_id TEXT NOT NULL REFERENCES patients (id),
        type TEXT NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
      CREATE INDEX patient_identifiers_value ON patient_identifiers (value) WHERE deleted_at IS NULL;
      CREATE INDEX patient_identifiers_patient ON patient_identifiers (patient_id);

      -- Trigram index: any fragment (3+ characters) of any name, the phone, the
      -- patient number or an identifier, in any order. Kept by the repository.
      CREATE VIRTUAL TABLE patient_search USING fts5(patient_id UNINDEXED, terms, tokenize = 'trigram');
    `);
  },
};

/**
 * Re-keys the name search index so each patient's row has the patient's own
 * rowid, which lets `PatientRepository.reindex` replace it directly instead of
 * scanning the whole index for the patient id (FTS5 cannot index it). Rows of
 * patients that no longer exist are dropped; a patient with more than one row
 * keeps the most recent. Numbered 31, after the lab cancellation migration
 * (30); renumber both when registering them in db/schema.ts.
 */
export const patientSearchByRowidMigration: Migration = {
  version: 18,
  name: 'patient search index keyed by patient rowid',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE patient_search_latest AS
        SELECT patient_id, max(rowid) AS search_rowid FROM patient_search GROUP BY patient_id;
      CREATE TEMP TABLE patient_search_rekeyed AS
        SELECT p.rowid AS patient_rowid, s.patient_id, s.terms
        FROM patient_search_latest l
        JOIN patient_search s ON s.rowid = l.search_rowid
        JOIN patients p ON p.id = l.patient_id;
      DELETE FROM patient_search;
      INSERT INTO patient_search (rowid, patient_id, terms)
        SELECT patient_rowid, patient_id, terms FROM patient_search_rekeyed;
      DROP TABLE patient_search_rekeyed;
      DROP TABLE patient_search_latest;
    `);
  },
};
