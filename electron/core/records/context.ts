import { CommandError, type CommandContext } from '../commands/types';
import type { WriteContext } from './writer';

/** Who writes, for which facility, and when: from the command's context. */
export function writeContext(ctx: CommandContext): WriteContext {
  const facility = ctx.services.identity.facility();
  if (facility === null) throw new CommandError('CONFLICT', 'Set up the facility first.');
  if (ctx.session === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  return { facilityId: facility.id, userId: ctx.session.userId, now: ctx.now };
}
