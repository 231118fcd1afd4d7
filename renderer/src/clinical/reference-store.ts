import { create } from 'zustand';
import type { LabTest } from '../../../shared/api/reference';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { useIdentityStore } from '../identity/identity-store';

interface ReferenceStore {
  /** The shipped lab test list (reference.labTests, a passive read); null until read. */
  labTests: readonly LabTest[] | null;
  problem: string | null;
  /** Reads the list once; it ships with the app and does not change while it runs. */
  loadLabTests(): Promise<void>;
}

let loading: Promise<void> | null = null;

export const useReferenceStore = create<ReferenceStore>((set, get) => ({
  labTests: null,
  problem: null,
  loadLabTests() {
    if (get().labTests !== null) return Promise.resolve();
    loading ??= (async () => {
      const result = await callSafely(() => clinic().reference.labTests({}));
      if (result.ok) set({ labTests: result.value, problem: null });
      else {
        set({ problem: result.message });
        void useIdentityStore.getState().refreshSession();
      }
    })().finally(() => {
      loading = null;
    });
    return loading;
  },
}));

/** The lab test of a code, once the list is read. */
export function useLabTest(code: string): LabTest | null {
  return useReferenceStore((store) => store.labTests?.find((test) => test.code === code) ?? null);
}
