import type { CommandFailure, ErrorCode } from '../../../shared/api/errors';

type Listener = (failure: CommandFailure) => void;

const listeners = new Map<ErrorCode, Set<Listener>>();

/**
 * Lets a part of the app react to a refusal of any command, whichever screen
 * ran it: e.g. the shift panel re-reads the user's shift after NO_ACTIVE_SHIFT.
 * Returns the function that stops listening.
 */
export function onRefusal(code: ErrorCode, listener: Listener): () => void {
  const forCode = listeners.get(code) ?? new Set<Listener>();
  listeners.set(code, forCode);
  forCode.add(listener);
  return () => {
    forCode.delete(listener);
  };
}

/** Called by runCommand for every failed command. */
export function reportRefusal(failure: CommandFailure): void {
  for (const listener of listeners.get(failure.code) ?? []) listener(failure);
}
