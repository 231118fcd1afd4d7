import type { AlertRepository } from './alerts/repository';
import type { AuditRepository } from './audit/repository';
import type { BreakGlassRepository } from './break-glass/repository';
import type { IdentityRepository } from './identity/repository';
import type { PasswordHasher } from './identity/passwords';
import type { SessionManager } from './identity/sessions';
import type { PatientRepository } from './patients/repository';
import type { RecordWriter } from './records/writer';
import type { ReferenceData } from './reference/load';
import type { VisitRepository } from './visits/repository';
import type { VitalsRepository } from './vitals/repository';
import type { ShiftRepository } from './shifts/repository';
import type { SyncApi } from './sync/engine-api';

/** The long-lived services command handlers use, built once by startCore. */
export interface CoreServices {
  readonly identity: IdentityRepository;
  readonly passwords: PasswordHasher;
  readonly sessions: SessionManager;
  readonly audit: AuditRepository;
  readonly shifts: ShiftRepository;
  readonly alerts: AlertRepository;
  readonly breakGlass: BreakGlassRepository;
  /** The only write path for synced records. */
  readonly records: RecordWriter;
  readonly patients: PatientRepository;
  readonly visits: VisitRepository;
  readonly vitals: VitalsRepository;
  readonly workstationId: string;
  /** Diagnosis list, formulary, lab tests and MOH 705 rows shipped with the app. */
  readonly reference: ReferenceData;
  /** The sync client: status, runs, enrollment, devices and conflicts. */
  readonly sync: SyncApi;
}
