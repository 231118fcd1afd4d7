import { failure, type CommandResult } from '../../../shared/api/errors';

const UNREACHABLE_MESSAGE =
  'Zahanati could not complete this request. Try again; if it keeps happening, restart Zahanati.';

/**
 * Runs one window.clinic call. Core answers every command with a typed result,
 * but the bridge itself can still reject (the window is closing, the app is
 * shutting down); that becomes a plain INTERNAL failure, never a stack trace.
 */
export async function callSafely<T>(call: () => Promise<CommandResult<T>>): Promise<CommandResult<T>> {
  try {
    return await call();
  } catch {
    return failure('INTERNAL', UNREACHABLE_MESSAGE);
  }
}
