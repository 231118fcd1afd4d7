import { coreContract } from '../../shared/api/contract';
import { RuleAccessPolicy, type AccessPolicy } from './access/policy';
import { AlertRepository } from './alerts/repository';
import { AlertingAuditSink } from './alerts/rules';
import { AuditRepository } from './audit/repository';
import { SqlAuditTrail, type AuditEntry } from './audit/trail';
import { BreakGlassRepository } from './break-glass/repository';
import { Dispatcher, type CommitStats, type CoreLogger } from './commands/dispatcher';
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
import { enableCapture } from './sync/capture';
import { SyncEngine, type SyncEngineOptions } from './sync/engine';

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
  /** The sync client's network and timing (tests inject fetch, timers, randomness). */
  sync?: SyncEngineOptions;
  /** Start the automatic sync loop once the core is up (it idles until the workstation is connected). */
  startSync?: boolean;
}

export interface Core {
  readonly table: CommandTable;
  readonly store: Store;
  readonly services: CoreServices;
  readonly sessions: SessionManager;
  /** The sync client itself, for tests and tools that drive it without commands. */
  readonly sync: SyncEngine;
  /** Puts the unlock that opened this store, and the wrong passphrases before it, in the audit trail. */
  recordUnlock(unlock: WorkstationUnlock): Promise<void>;
  dispatch(callerId: string, name: unknown, input: unknown): ReturnType<Dispatcher['dispatch']>;
  /** Transactions the dispatcher committed and the commands they carried (benchmarks). */
  commitStats(): CommitStats;
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
  const hlc = new HybridLogicalClock(auditTrail.workstationId, () => clock().getTime());
  const records = new RecordWriter(store.db, hlc);
  // The capture triggers stamp changes with the same clock as RecordWriter.
  const capture = enableCapture(store.db);
  capture.useClock(() => hlc.now());
  const patients = new PatientRepository(store.db, records);
  // The dispatcher is built below, with the services; the engine reaches its queue through this.
  let dispatcher: Dispatcher | null = null;
  const sync = new SyncEngine(
    {
      db: store.db,
      capture,
      hlc,
      workstationId: auditTrail.workstationId,
      now: clock,
      facilityId: () => identity.facility()?.id ?? null,
      reindexPatient: (patientId) => patients.reindex(patientId),
      exclusive: (fn) => {
        if (dispatcher === null) throw new Error('The core is not started yet');
        return dispatcher.exclusive(fn);
      },
    },
    options.sync,
  );
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
    sync,
  };
  const access: AccessPolicy = new RuleAccessPolicy(new ScheduledShiftGate(services.shifts));
  dispatcher = new Dispatcher({
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
  const running = dispatcher;
  if (options.startSync === true) sync.start();
  return {
    table,
    store,
    services,
    sessions,
    sync,
    dispatch: (callerId, name, input) => running.dispatch(callerId, name, input),
    commitStats: () => running.commitStats(),
    recordUnlock: (unlock) => running.recordBeforeOpen(unlockEntries(unlock)),
    close: () => {
      sync.dispose();
      store.close();
    },
  };
}

export interface WorkstationUnlock {
  command: 'workstation.unlock' | 'workstation.createPassphrase' | 'workstation.keychain';
  openedAt: Date;
  /** When each wrong passphrase was entered since the last unlock (kept in memory until the store opened). */
  failedAt: readonly Date[];
}

function unlockEntries(unlock: WorkstationUnlock): AuditEntry[] {
  const entry = (occurredAt: Date, action: AuditEntry['action'], outcome: AuditEntry['outcome']): AuditEntry => ({
    occurredAt,
    userId: null,
    command: unlock.command,
    action,
    resourceType: 'workstation',
    resourceId: null,
    patientId: null,
    purpose: null,
    recordCount: null,
    outcome,
    errorCode: outcome === 'failed' ? 'UNAUTHENTICATED' : null,
  });
  return [
    ...unlock.failedAt.map((at) => entry(at, 'FAILED_LOGIN', 'failed')),
    entry(unlock.openedAt, 'LOGIN', 'allowed'),
  ];
}
