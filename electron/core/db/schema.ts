import { alertsMigration } from '../alerts/schema';
import { allergiesMigration } from '../allergies/schema';
import { auditChainMigration } from '../audit/chain-schema';
import { auditIndexMigration } from '../audit/index-schema';
import { auditLogMigration } from '../audit/schema';
import { breakGlassMigration } from '../break-glass/schema';
import { consentNotesAppointmentsMigration } from '../consent/schema';
import { diagnosesMigration } from '../diagnoses/schema';
import { identityMigration } from '../identity/schema';
import { labsMigration } from '../labs/schema';
import { patientsMigration } from '../patients/schema';
import { prescriptionsMigration } from '../prescriptions/schema';
import { changeLogMigration } from '../records/schema';
import { shiftsMigration } from '../shifts/schema';
import { deferredIndexesMigration, syncMigration } from '../sync/schema';
import { labCancellationMigration } from '../labs/schema';
import { patientSearchByRowidMigration } from '../patients/schema';
import { workstationMigration } from '../system/schema';
import { vitalSignsIndexMigration } from '../visits/index-schema';
import { visitsMigration } from '../visits/schema';
import type { Migration } from './migrations';

/** Every capability's migrations, in release order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  workstationMigration,
  auditLogMigration,
  identityMigration,
  auditChainMigration,
  shiftsMigration,
  alertsMigration,
  breakGlassMigration,
  changeLogMigration,
  patientsMigration,
  visitsMigration,
  consentNotesAppointmentsMigration,
  allergiesMigration,
  diagnosesMigration,
  prescriptionsMigration,
  labsMigration,
  syncMigration,
  labCancellationMigration,
  patientSearchByRowidMigration,
  auditIndexMigration,
  deferredIndexesMigration,
  vitalSignsIndexMigration,
];
