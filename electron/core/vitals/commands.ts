import { CommandError, defineCommand } from '../commands/types';
import { writeContext } from '../records/context';
import { openVisit, visibleVisit } from '../visits/commands';

export const recordVitals = defineCommand({
  name: 'vitals.record',
  access: 'vitals.record',
  requiresActiveShift: true,
  requiresStepUp: false,
  audit: { action: 'CREATE', resourceType: 'vitals' },
  handler(ctx, input) {
    const visit = openVisit(ctx, input.visitId);
    const id = ctx.services.vitals.record(visit.patientId, visit.id, input.values, writeContext(ctx));
    ctx.setAuditResource(id);
    const recorded = ctx.services.vitals.get(id);
    if (recorded === null) throw new Error('A vitals reading vanished after it was written');
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
    const visit = openVisit(ctx, original.visitId);
    const id = vitals.record(visit.patientId, visit.id, input.values, writeContext(ctx), {
      id: original.id,
      reason: input.reason,
    });
    ctx.setAuditResource(id);
    ctx.setAuditPurpose(`amends ${original.id}`);
    const amended = vitals.get(id);
    if (amended === null) throw new Error('An amended reading vanished after it was written');
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
