import { CommandError, defineCommand } from '../commands/types';
import { writeContext } from '../records/context';
import { openVisitWithPatient, visibleVisit } from '../visits/commands';

export const recordVitals = defineCommand({
  name: 'vitals.record',
  access: 'vitals.record',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'vitals' },
  handler(ctx, input) {
    const { visit, patientBirthDate } = openVisitWithPatient(ctx, input.visitId);
    const recorded = ctx.services.vitals.recordAndView({ ...visit, patientBirthDate }, input.values, writeContext(ctx));
    ctx.setAuditResource(recorded.id);
    return recorded;
  },
});

export const amendVitals = defineCommand({
  name: 'vitals.amend',
  access: 'vitals.amend',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'vitals' },
  handler(ctx, input) {
    const { vitals } = ctx.services;
    const original = vitals.get(input.vitalsId);
    if (original === null) throw new CommandError('NOT_FOUND', 'That reading does not exist.');
    if (original.supersededBy !== null)
      throw new CommandError('CONFLICT', 'That reading was already corrected; amend the latest one.');
    const { visit, patientBirthDate } = openVisitWithPatient(ctx, original.visitId);
    const amended = vitals.recordAndView({ ...visit, patientBirthDate }, input.values, writeContext(ctx), {
      id: original.id,
      reason: input.reason,
    });
    ctx.setAuditResource(amended.id);
    ctx.setAuditPurpose(`amends ${original.id}`);
    return amended;
  },
});

export const vitalsForVisit = defineCommand({
  name: 'vitals.forVisit',
  access: 'vitals.read',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'vitals' },
  handler(ctx, input) {
    return ctx.services.vitals.forVisit(visibleVisit(ctx, input.visitId).id);
  },
});

export const vitalsCommands = [recordVitals, amendVitals, vitalsForVisit] as const;
