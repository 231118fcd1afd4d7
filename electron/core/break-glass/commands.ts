import { CommandError, defineCommand } from '../commands/types';

export const requestBreakGlass = defineCommand({
  name: 'breakGlass.request',
  access: 'break_glass.request',
  requiresActiveShift: false,
  requiresStepUp: true,
  audit: { action: 'BREAK_GLASS', resourceType: 'patient' },
  handler(ctx, input) {
    ctx.setAuditResource(input.patientId);
    ctx.setAuditPatient(input.patientId);
    ctx.setAuditPurpose(input.reason);
    return ctx.services.breakGlass.grant(ctx.session?.userId ?? '', input.patientId, input.reason, ctx.now);
  },
});

export const myBreakGlass = defineCommand({
  name: 'breakGlass.mine',
  access: 'session',
  requiresActiveShift: false,
  requiresStepUp: false,
  passive: true,
  audit: { action: 'READ', resourceType: 'break_glass' },
  handler: (ctx) => ctx.services.breakGlass.active(ctx.session?.userId ?? '', ctx.now),
});

export const breakGlassReviewQueue = defineCommand({
  name: 'breakGlass.reviewQueue',
  access: 'break_glass.review',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'break_glass' },
  handler: (ctx, input) => ctx.services.breakGlass.reviewQueue(input.includeReviewed),
});

export const markBreakGlassReviewed = defineCommand({
  name: 'breakGlass.markReviewed',
  access: 'break_glass.review',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'break_glass' },
  handler(ctx, input) {
    ctx.setAuditResource(input.grantId);
    const { breakGlass } = ctx.services;
    if (!breakGlass.markReviewed(input.grantId, ctx.session?.userId ?? '', input.comment, ctx.now)) {
      throw new CommandError(
        breakGlass.get(input.grantId) === null ? 'NOT_FOUND' : 'CONFLICT',
        'That emergency access does not exist or was already reviewed.',
      );
    }
    const grant = breakGlass.get(input.grantId);
    if (grant === null) throw new CommandError('NOT_FOUND', 'That emergency access does not exist.');
    return grant;
  },
});

export const getBreakGlassPolicy = defineCommand({
  name: 'breakGlass.getPolicy',
  access: 'session',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'READ', resourceType: 'settings' },
  handler: (ctx) => ({ durationMinutes: ctx.services.breakGlass.durationMinutes() }),
});

export const setBreakGlassPolicy = defineCommand({
  name: 'breakGlass.setPolicy',
  access: 'settings.security',
  requiresActiveShift: false,
  requiresStepUp: false,
  audit: { action: 'UPDATE', resourceType: 'settings' },
  handler(ctx, input) {
    ctx.services.breakGlass.setDurationMinutes(input.durationMinutes);
    return { durationMinutes: ctx.services.breakGlass.durationMinutes() };
  },
});

export const breakGlassCommands = [
  requestBreakGlass,
  myBreakGlass,
  breakGlassReviewQueue,
  markBreakGlassReviewed,
  getBreakGlassPolicy,
  setBreakGlassPolicy,
] as const;
