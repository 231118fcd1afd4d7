import { create } from 'zustand';

interface StepUpStore {
  /** Why step-up is asked for (core's message); null while no command is waiting. */
  request: { message: string } | null;
  /** Closes the dialog and tells every waiting command whether it may retry. */
  settle(steppedUp: boolean): void;
}

// Outside the state: resolvers are not something the UI renders.
let waiting: ((steppedUp: boolean) => void)[] = [];

export const useStepUpStore = create<StepUpStore>((set) => ({
  request: null,
  settle(steppedUp) {
    const resolvers = waiting;
    waiting = [];
    set({ request: null });
    for (const resolve of resolvers) resolve(steppedUp);
  },
}));

/**
 * Opens the step-up dialog and resolves once the user has re-entered password
 * and code (true) or cancelled (false). Commands that hit STEP_UP_REQUIRED at
 * the same time share one dialog.
 */
export function requestStepUp(message: string): Promise<boolean> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (useStepUpStore.getState().request === null) useStepUpStore.setState({ request: { message } });
  });
}
