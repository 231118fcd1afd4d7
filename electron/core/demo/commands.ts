import type { DemoProgress } from '../../../shared/api/demo';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import type { Store } from '../db/store';
import { writeContext } from '../records/context';
import { generateDemoFacility } from './generate';
import { DemoFillJob } from './job';

/** The background fill of each open store (one core per store). */
const jobs = new WeakMap<Store, DemoFillJob>();

const NOT_EMPTY = 'Demo data goes only into a workstation that has no patients yet.';
const ALREADY_RUNNING = 'Demo data is already being added. Wait for it to finish.';

function workstationEmpty(ctx: CommandContext): boolean {
  return ctx.store.db.prepare('SELECT 1 FROM patients LIMIT 1').get() === undefined;
}

function assertMayFill(ctx: CommandContext): void {
  if (jobs.get(ctx.store)?.running === true) throw new CommandError('CONFLICT', ALREADY_RUNNING);
  if (!workstationEmpty(ctx)) throw new CommandError('CONFLICT', NOT_EMPTY);
}

function progressOf(ctx: CommandContext): DemoProgress {
  const job = jobs.get(ctx.store);
  const empty = workstationEmpty(ctx);
  if (job === undefined) {
    return {
      state: 'idle',
      workstationEmpty: empty,
      patientsDone: 0,
      patientsTotal: 0,
      counts: { patients: 0, visits: 0, vitals: 0, diagnoses: 0, prescriptions: 0, labOrders: 0, appointments: 0 },
      startedAt: null,
      finishedAt: null,
      message: null,
    };
  }
  return { ...job.progress(), workstationEmpty: empty };
}

export const fillDemo = defineCommand({
  name: 'demo.fill',
  access: 'settings.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'demo_data' },
  handler(ctx, input) {
    assertMayFill(ctx);
    const counts = generateDemoFacility(ctx.services, writeContext(ctx), input.patients, input.seed);
    ctx.setAuditRecordCount(counts.patients);
    return counts;
  },
});

export const startDemo = defineCommand({
  name: 'demo.start',
  access: 'settings.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'demo_data' },
  handler(ctx, input) {
    assertMayFill(ctx);
    const job = DemoFillJob.begin({
      store: ctx.store,
      services: ctx.services,
      write: writeContext(ctx),
      patients: input.patients,
      seed: input.seed,
    });
    jobs.set(ctx.store, job);
    ctx.setAuditPurpose(`demo fill of ${input.patients} patients started`);
    return progressOf(ctx);
  },
});

export const demoProgress = defineCommand({
  name: 'demo.progress',
  access: 'settings.manage',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'demo_data' },
  handler: progressOf,
});

/** The running or last fill of this store, for tests that wait for it. */
export function demoJobOf(store: Store): DemoFillJob | undefined {
  return jobs.get(store);
}

export const demoCommands = [fillDemo, startDemo, demoProgress] as const;
