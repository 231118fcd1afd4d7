import { create } from 'zustand';
import type { QueueEntry } from '../../../shared/api/visits';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';
import type { QueueStage } from './clinical-text';

/** Each queue read is an audit entry: re-read at most this often unless the user asks. */
export const QUEUE_REFRESH_MIN_MS = 30_000;

/** `mine`: the stages core says the user's role works at. */
export type QueueView = QueueStage | 'mine';

interface QueueStore {
  view: QueueView;
  /** The entries of `view`, oldest check-in first, as core last listed them; null until read. */
  entries: readonly QueueEntry[] | null;
  /** Date.now() of the last answer, for the 30-second limit. */
  readAt: number | null;
  loading: boolean;
  problem: string | null;
  /** Shows another view (reads it at once) or re-reads this one; `force` skips the 30-second limit. */
  load(view: QueueView, options?: { force?: boolean }): Promise<void>;
}

let latestLoad = 0;
/** The read under way; a second trigger for the same view (the tab's effect, a focus) shares it. */
let inFlight: { view: QueueView; done: Promise<void> } | null = null;

const INITIAL = {
  view: 'mine',
  entries: null,
  readAt: null,
  loading: false,
  problem: null,
} satisfies Partial<QueueStore>;

export const useQueueStore = create<QueueStore>((set, get) => ({
  ...INITIAL,

  async load(view, { force = false } = {}) {
    const state = get();
    const sameView = state.view === view && state.entries !== null;
    if (sameView && !force && state.readAt !== null && Date.now() - state.readAt < QUEUE_REFRESH_MIN_MS) return;
    if (!force && inFlight?.view === view) return inFlight.done;
    const ticket = ++latestLoad;
    // Another stage's list must not show, even for a moment, under this tab.
    set(sameView ? { loading: true } : { view, entries: null, loading: true, problem: null });
    const done = (async () => {
      const result = await runCommand(() => clinic().visits.queue(view === 'mine' ? {} : { stage: view }));
      if (ticket !== latestLoad) return;
      set(
        result.ok
          ? { entries: result.value, readAt: Date.now(), loading: false, problem: null }
          : { problem: result.message, readAt: Date.now(), loading: false },
      );
    })().finally(() => {
      if (inFlight?.done === done) inFlight = null;
    });
    inFlight = { view, done };
    return done;
  },
}));

onSignedInUserChange(() => {
  latestLoad += 1;
  inFlight = null;
  useQueueStore.setState(INITIAL);
});
