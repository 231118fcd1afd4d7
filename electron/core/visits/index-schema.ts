import type { Migration } from '../db/migrations';

/**
 * Recording vitals is the busiest clinical write, and every index of
 * vital_signs is one more b-tree page to change, encrypt and write per
 * reading — a random one for an index led by the patient, since a triage desk
 * records for patients all over the register. Readings are read by visit (the
 * visit's chart), by id and by what supersedes them; nothing reads them by
 * patient, so that index only cost writes. (Patients are never deleted, only
 * marked deleted, so the foreign key never looks for a patient's readings.)
 */
export const vitalSignsIndexMigration: Migration = {
  version: 21,
  name: 'drop the unused vital_signs patient index',
  up(db) {
    db.exec('DROP INDEX IF EXISTS vital_signs_patient');
    // A join interrupted before this version kept the index to build once it completes: it is not wanted back.
    db.prepare("DELETE FROM sync_deferred_indexes WHERE name = 'vital_signs_patient'").run();
  },
};
