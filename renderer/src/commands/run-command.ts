import type { CommandResult } from '../../../shared/api/errors';
import { useIdentityStore } from '../identity/identity-store';
import { requestStepUp } from '../identity/step-up-store';
import { callSafely } from './call-safely';
import { reportRefusal } from './refusals';

/**
 * How screens run a command. A STEP_UP_REQUIRED answer opens the step-up
 * dialog and, once the user has re-authenticated, retries the command once.
 * Afterwards the session status is re-read, because any command can change it
 * (sign-in steps, an idle lock core applied, a sign-out), and the app must show
 * the matching screen at once rather than at the next poll. Every refusal is
 * also reported to whoever listens for its code (e.g. NO_ACTIVE_SHIFT → the
 * shift panel re-reads the user's shift).
 */
export async function runCommand<T>(call: () => Promise<CommandResult<T>>): Promise<CommandResult<T>> {
  let result = await callSafely(call);
  if (!result.ok && result.code === 'STEP_UP_REQUIRED' && (await requestStepUp(result.message))) {
    result = await callSafely(call);
  }
  await useIdentityStore.getState().refreshSession();
  if (!result.ok) reportRefusal(result);
  return result;
}
