import { coreContract } from '../../shared/api/contract';
import { RuleAccessPolicy, type AccessPolicy } from './access/policy';
import { AlertRepository } from './alerts/repository';
import { AlertingAuditSink } from './alerts/rules';
import { AuditRepository } from './audit/repository';
import { SqlAuditTrail } from './audit/trail';
import { BreakGlassRepository } from './break-glass/repository';
import { Dispatcher, type CoreLogger } from './commands/dispatcher';
import { applicationCommandTable, type CommandTable } from './commands/table';
import type { KeyProvider } from './db/key-provider';
import { MIGRATIONS } from './db/schema';
import { openStore, type Store } from './db/store';
import { PasswordHasher, type PasswordHashParams } from './identity/passwords';
import { IdentityRepository } from './identity/repository';
import { SessionManager } from './identity/sessions';
import { PatientRepository } from './patients/repository';
import { RecordWriter } from './records/writer';
import { getReferenceData } from './reference/load';
import { VisitRepository } from './visits/repository';
import { VitalsRepository } from './vitals/repository';
import { HybridLogicalClock } from '../../shared/sync/hlc';
import type { CoreServices } from './services';
import { ScheduledShiftGate } from './shifts/gate';
import { ShiftRepository } from './shifts/repository';

export interface CoreOptions {
  dataDir: string;
  keyProvider: KeyProvider;
  appVersion: string;
  clock?: () => Date;
  logger?: CoreLogger;
  /** Where the reference JSON files are; found next to the app or in the repository when omitted. */
  referenceDir?: string;
  /** argon2id cost for staff passwords; raising it rehashes users as they sign in. */
  passwordParams?: PasswordHashParams;
}

export interface Core {
  readonly table: CommandTable;
  readonly store: Store;
  readonly services: CoreServices;
  readonly sessions: SessionManager;
  dispatch(callerId: string, name: unknown, input: unknown): ReturnType<Dispatcher['dispatch']>;
  close(): void;
}

/**
 * The whole application behind window.clinic, in plain Node. Electron main,
 * vitest and the e2e host all start it the same way.
 */
export async function startCore(options: CoreOptions): Promise<Core> {
  const store = await openStore({ dataDir: options.dataDir, keyProvider: options.keyProvider, migrations: MIGRATIONS });
  const table = applicationCommandTable();
  const identity = new IdentityRepository(store.db);
  const clock = options.clock ?? (() => new Date());
  const auditTrail = new SqlAuditTrail(store.db);
  const records = new RecordWriter(store.db, new HybridLogicalClock(auditTrail.workstationId, () => clock().getTime()));
  const patients = new PatientRepository(store.db, records);
  const sessions = new SessionManager(identity, () => identity.securityPolicy());
  const services: CoreServices = {
    identity,
    passwords: new PasswordHasher(options.passwordParams),
    sessions,
    audit: new AuditRepository(store.db),
    shifts: new ShiftRepository(store.db),
    alerts: new AlertRepository(store.db),
    breakGlass: new BreakGlassRepository(store.db),
    records,
    patients,
    visits: new VisitRepository(store.db, records, patients),
    vitals: new VitalsRepository(store.db, records),
    workstationId: auditTrail.workstationId,
    reference: options.referenceDir === undefined ? getReferenceData() : getReferenceData(options.referenceDir),
  };
  const access: AccessPolicy = new RuleAccessPolicy(new ScheduledShiftGate(services.shifts));
  const dispatcher = new Dispatcher({
    app: { appVersion: options.appVersion, dataDirectory: options.dataDir },
    store,
    services,
    contract: coreContract,
    table,
    sessions,
    access,
    audit: new AlertingAuditSink(auditTrail, services.alerts, identity, services.shifts),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    table,
    store,
    services,
    sessions,
    dispatch: (callerId, name, input) => dispatcher.dispatch(callerId, name, input),
    close: () => store.close(),
  };
}
