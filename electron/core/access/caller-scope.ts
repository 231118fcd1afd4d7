import { CommandError, type CommandContext } from '../commands/types';
import { sensitivityScope, type SensitivityScope } from './sensitivity';

/** The sensitive records the signed-in caller of a command may see now. */
export function callerScope(ctx: CommandContext): SensitivityScope {
  if (ctx.session === null) throw new CommandError('UNAUTHENTICATED', 'Please sign in to continue.');
  return sensitivityScope(ctx.session, ctx.services.breakGlass, ctx.now);
}
