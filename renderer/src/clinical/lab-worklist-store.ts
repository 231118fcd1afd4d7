import { create } from 'zustand';
import type { LabOrderView, LabWorklistEntry } from '../../../shared/api/labs';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';

interface LabWorklistStore {
  /** Open orders as core last listed them, oldest first, plus those done here since; null until read. */
  entries: readonly LabWorklistEntry[] | null;
  /** Date.now() of the last answer. */
  readAt: number | null;
  loading: boolean;
  problem: string | null;
  /** Reads the worklist (labs.worklist, audited as a read of each listed order). */
  load(): Promise<void>;
  /** An order changed here (sample, result, cancellation): it stays in the list, in its new state, until the next read. */
  put(order: LabOrderView): void;
}

let latestLoad = 0;

const INITIAL = { entries: null, readAt: null, loading: false, problem: null } satisfies Partial<LabWorklistStore>;

export const useLabWorklistStore = create<LabWorklistStore>((set, get) => ({
  ...INITIAL,

  async load() {
    const ticket = ++latestLoad;
    set({ loading: true });
    const result = await runCommand(() => clinic().labs.worklist({}));
    if (ticket !== latestLoad) return;
    set(
      result.ok
        ? { entries: result.value, readAt: Date.now(), loading: false, problem: null }
        : { problem: result.message, readAt: Date.now(), loading: false },
    );
  },

  put(order) {
    const entries = get().entries;
    if (entries === null) return;
    set({ entries: entries.map((entry) => (entry.id === order.id ? { ...entry, ...order } : entry)) });
  },
}));

onSignedInUserChange(() => {
  latestLoad += 1;
  useLabWorklistStore.setState(INITIAL);
});
