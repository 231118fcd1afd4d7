import { failure, type CommandFailure, type CommandResult } from '../../../shared/api/errors';
import { i18n } from '../i18n';

/**
 * Runs one window.clinic call. Core answers every command with a typed result,
 * but the bridge itself can still reject (the window is closing, the app is
 * shutting down); that becomes a plain INTERNAL failure, never a stack trace.
 */
export async function callSafely<T>(call: () => Promise<CommandResult<T>>): Promise<CommandResult<T>> {
  let result: CommandResult<T>;
  try {
    result = await call();
  } catch {
    result = failure('INTERNAL', i18n.t('errors.unreachable'));
  }
  return result.ok ? result : localizeFailure(result);
}

/**
 * Core's messages are English. The UI language's text for the failure's code
 * replaces it: English passes core's message through unchanged ("{{message}}"),
 * other languages say what the code means. Field issues keep core's wording.
 */
export function localizeFailure(failure: CommandFailure): CommandFailure {
  return { ...failure, message: i18n.t(`errors.${failure.code}`, { message: failure.message }) };
}
