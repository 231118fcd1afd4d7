import type { DemoCounts, DemoProgress } from '../../../shared/api/demo';
import { SqlAuditTrail } from '../audit/trail';
import type { Store } from '../db/store';
import type { WriteContext } from '../records/writer';
import type { CoreServices } from '../services';
import { DemoFacilityWriter } from './generate';

/** Patients per transaction: small enough that a command waits at most a few tens of milliseconds. */
export const DEMO_CHUNK_PATIENTS = 50;

/** How long to wait before trying again while a command holds the store. */
const BUSY_RETRY_MS = 5;

export type DemoJobProgress = Omit<DemoProgress, 'workstationEmpty'>;

export interface DemoJobStart {
  store: Store;
  services: CoreServices;
  write: WriteContext;
  patients: number;
  seed: number;
}

/**
 * Fills the workstation with demo data in the background, one chunk of
 * patients per short transaction, so clinical work and the progress screen go
 * on between chunks instead of waiting minutes behind one command.
 *
 * Commands run one at a time through the dispatcher and hold their
 * transaction only while their handler runs; a chunk runs synchronously, and
 * only when no transaction is open, so it can never land inside a command's
 * transaction (or a command inside it). Each chunk writes its own audit entry
 * in the same transaction as its records.
 */
export class DemoFillJob {
  private state: DemoJobProgress['state'] = 'running';
  private done = 0;
  /** What committed chunks wrote (the writer's own counts include a chunk that rolled back). */
  private committed: DemoCounts = {
    patients: 0,
    visits: 0,
    vitals: 0,
    diagnoses: 0,
    prescriptions: 0,
    labOrders: 0,
    appointments: 0,
  };
  private message: string | null = null;
  private finishedAt: Date | null = null;
  private readonly writer: DemoFacilityWriter;
  private readonly trail: SqlAuditTrail;
  private readonly startedAtMs = Date.now();
  private readonly settledPromise: Promise<void>;
  private settle: () => void = () => undefined;

  private constructor(private readonly start: DemoJobStart) {
    this.writer = new DemoFacilityWriter(start.services, start.write, start.seed);
    this.trail = new SqlAuditTrail(start.store.db);
    this.settledPromise = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Starts a fill; its chunks begin after the calling command has committed. */
  static begin(start: DemoJobStart): DemoFillJob {
    const job = new DemoFillJob(start);
    setImmediate(() => job.step());
    return job;
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Resolves once the fill has finished or failed. */
  get settled(): Promise<void> {
    return this.settledPromise;
  }

  progress(): DemoJobProgress {
    return {
      state: this.state,
      patientsDone: this.done,
      patientsTotal: this.start.patients,
      counts: { ...this.committed },
      startedAt: this.start.write.now.toISOString(),
      finishedAt: this.finishedAt?.toISOString() ?? null,
      message: this.message,
    };
  }

  private step(): void {
    const { db } = this.start.store;
    if (!db.open) {
      this.fail('Zahanati closed before the demo data was complete.');
      return;
    }
    if (db.inTransaction) {
      setTimeout(() => this.step(), BUSY_RETRY_MS);
      return;
    }
    const from = this.done;
    const to = Math.min(this.start.patients, from + DEMO_CHUNK_PATIENTS);
    try {
      db.transaction(() => {
        for (let index = from; index < to; index += 1) this.writer.writePatient(index);
        this.auditChunk(from, to);
      }).immediate();
    } catch {
      // The chunk rolled back as a whole; what earlier chunks wrote stays. No record content is kept from the error.
      this.fail(
        `Adding demo data stopped after ${from} of ${this.start.patients} patients, because the record store refused a write. ` +
          'The patients already added stay. Restart Zahanati; if it happens again, tell your IT support.',
      );
      return;
    }
    this.done = to;
    this.committed = { ...this.writer.counts };
    if (to >= this.start.patients) {
      this.finish('done', null);
      return;
    }
    setImmediate(() => this.step());
  }

  /** Records of a chunk are created by the admin who started the fill, like any other write. */
  private auditChunk(from: number, to: number): void {
    this.trail.record({
      occurredAt: new Date(this.start.write.now.getTime() + (Date.now() - this.startedAtMs)),
      userId: this.start.write.userId,
      command: 'demo.start',
      action: 'CREATE',
      resourceType: 'demo_data',
      resourceId: null,
      patientId: null,
      purpose: `demo patients ${from + 1}-${to} of ${this.start.patients}`,
      recordCount: to - from,
      outcome: 'allowed',
      errorCode: null,
    });
  }

  private fail(message: string): void {
    this.finish('failed', message);
  }

  private finish(state: 'done' | 'failed', message: string | null): void {
    this.state = state;
    this.message = message;
    this.finishedAt = new Date(this.start.write.now.getTime() + (Date.now() - this.startedAtMs));
    this.settle();
  }
}
