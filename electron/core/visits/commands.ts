import type { PermissionKey } from '../../../shared/security/permissions';
import type { VisitStage } from '../../../shared/api/visits';
import { VISIT_STAGES } from '../../../shared/api/visits';
import { callerScope } from '../access/caller-scope';
import { markTodaysAppointmentAttended } from '../appointments/commands';
import { CommandError, defineCommand, type CommandContext } from '../commands/types';
import { writeContext } from '../records/context';

/** The stages a role works at, for the queue it sees by default. */
const STAGE_WORK: readonly [VisitStage, PermissionKey][] = [
  ['triage', 'vitals.record'],
  ['clinician', 'diagnoses.record'],
  ['lab', 'labs.enter_result'],
  ['pharmacy', 'dispensing.dispense'],
];

/** A visit whose patient the caller may see, and the patient's birth date. */
export function visibleVisitWithPatient(ctx: CommandContext, visitId: string) {
  const found = ctx.services.visits.visibleWithPatient(visitId, callerScope(ctx));
  if (found === null) throw new CommandError('NOT_FOUND', 'No such visit, or it is not available to your role.');
  ctx.setAuditResource(found.visit.id);
  ctx.setAuditPatient(found.visit.patientId);
  return found;
}

/** A visit whose patient the caller may see. */
export function visibleVisit(ctx: CommandContext, visitId: string) {
  return visibleVisitWithPatient(ctx, visitId).visit;
}

/** A visible visit that is still open for clinical work, and its patient's birth date. */
export function openVisitWithPatient(ctx: CommandContext, visitId: string) {
  const found = visibleVisitWithPatient(ctx, visitId);
  if (found.visit.closedAt !== null)
    throw new CommandError('CONFLICT', 'This visit is closed. Check the patient in again for a new visit.');
  return found;
}

/** A visible visit that is still open for clinical work. */
export function openVisit(ctx: CommandContext, visitId: string) {
  return openVisitWithPatient(ctx, visitId).visit;
}

export const checkIn = defineCommand({
  name: 'visits.checkIn',
  access: 'encounters.create',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'encounter' },
  handler(ctx, input) {
    const { patients, visits } = ctx.services;
    if (patients.get(input.patientId, callerScope(ctx), ctx.now) === null) {
      throw new CommandError('NOT_FOUND', 'No patient with that record, or it is not available to your role.');
    }
    if (visits.openVisitOf(input.patientId) !== null) {
      throw new CommandError('CONFLICT', 'This patient already has an open visit. Continue it or close it first.');
    }
    const id = visits.checkIn(input.patientId, input.referredFrom ?? null, writeContext(ctx));
    markTodaysAppointmentAttended(ctx, input.patientId, id);
    ctx.setAuditResource(id);
    ctx.setAuditPatient(input.patientId);
    const visit = visits.get(id);
    if (visit === null) throw new Error('A visit vanished after check-in');
    return visit;
  },
});

export const queue = defineCommand({
  name: 'visits.queue',
  access: 'encounters.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'encounter_queue' },
  handler(ctx, input) {
    const permissions = ctx.session?.permissions ?? new Set<PermissionKey>();
    const ownStages = STAGE_WORK.filter(([, permission]) => permissions.has(permission)).map(([stage]) => stage);
    const stages =
      input.stage !== undefined
        ? [input.stage]
        : ownStages.length > 0
          ? ownStages
          : VISIT_STAGES.filter((s) => s !== 'done');
    const entries = ctx.services.visits.queue(stages, callerScope(ctx), ctx.now);
    ctx.setAuditRecordCount(entries.length);
    return entries;
  },
});

export const moveStage = defineCommand({
  name: 'visits.moveStage',
  access: 'encounters.update',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'encounter' },
  handler(ctx, input) {
    openVisit(ctx, input.visitId);
    ctx.services.visits.moveStage(input.visitId, input.stage, writeContext(ctx));
    return ctx.services.visits.get(input.visitId) ?? openVisit(ctx, input.visitId);
  },
});

export const closeVisit = defineCommand({
  name: 'visits.close',
  access: 'encounters.close',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'encounter' },
  handler(ctx, input) {
    openVisit(ctx, input.visitId);
    const destination = input.outcome === 'referred_out' ? input.destination : null;
    ctx.services.visits.close(input.visitId, input.outcome, destination, writeContext(ctx));
    const visit = ctx.services.visits.get(input.visitId);
    if (visit === null) throw new Error('A visit vanished after closing');
    return visit;
  },
});

export const getVisit = defineCommand({
  name: 'visits.get',
  access: 'encounters.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'encounter' },
  handler(ctx, input) {
    const visit = visibleVisit(ctx, input.visitId);
    const patient = ctx.services.patients.get(visit.patientId, callerScope(ctx), ctx.now);
    if (patient === null) throw new Error('A visible visit lost its patient');
    return { ...visit, patient };
  },
});

export const visitsForPatient = defineCommand({
  name: 'visits.forPatient',
  access: 'encounters.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'encounter' },
  handler(ctx, input) {
    ctx.setAuditResource(input.patientId);
    ctx.setAuditPatient(input.patientId);
    if (ctx.services.patients.get(input.patientId, callerScope(ctx), ctx.now) === null) {
      throw new CommandError('NOT_FOUND', 'No patient with that record, or it is not available to your role.');
    }
    const visits = ctx.services.visits.forPatient(input.patientId);
    ctx.setAuditRecordCount(visits.length);
    return visits;
  },
});

export const visitCommands = [checkIn, queue, moveStage, closeVisit, getVisit, visitsForPatient] as const;
