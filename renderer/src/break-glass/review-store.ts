import { create } from 'zustand';
import type { BreakGlassGrant } from '../../../shared/api/break-glass';
import type { CommandFailure } from '../../../shared/api/errors';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';

interface ReviewStore {
  /** As core last listed them; null until read. */
  grants: readonly BreakGlassGrant[] | null;
  /** Whether `grants` includes reviewed ones. */
  includeReviewed: boolean;
  error: string | null;
  load(includeReviewed: boolean): Promise<void>;
  /** Marks one grant reviewed; returns core's refusal, or null once done. */
  markReviewed(grantId: string, comment: string): Promise<CommandFailure | null>;
}

let latestLoad = 0;

export const useReviewStore = create<ReviewStore>((set, get) => ({
  grants: null,
  includeReviewed: false,
  error: null,

  async load(includeReviewed) {
    const ticket = ++latestLoad;
    // A list of the other kind must not show, even for a moment, under the other choice.
    if (get().includeReviewed !== includeReviewed) set({ grants: null });
    set({ includeReviewed, error: null });
    const result = await runCommand(() => clinic().breakGlass.reviewQueue({ includeReviewed }));
    if (ticket !== latestLoad) return;
    set(result.ok ? { grants: result.value } : { error: result.message });
  },

  async markReviewed(grantId, comment) {
    const result = await runCommand(() => clinic().breakGlass.markReviewed({ grantId, comment }));
    if (!result.ok) {
      // Someone else reviewed it meanwhile: show the queue as it now is.
      if (result.code === 'CONFLICT' || result.code === 'NOT_FOUND') void get().load(get().includeReviewed);
      return result;
    }
    set((state) => ({
      grants:
        state.grants === null
          ? null
          : state.includeReviewed
            ? state.grants.map((grant) => (grant.id === grantId ? result.value : grant))
            : state.grants.filter((grant) => grant.id !== grantId),
    }));
    return null;
  },
}));

onSignedInUserChange(() => {
  latestLoad += 1;
  useReviewStore.setState({ grants: null, includeReviewed: false, error: null });
});
