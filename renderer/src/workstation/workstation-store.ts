import { create } from 'zustand';
import type { CommandResult } from '../../../shared/api/errors';
import type { WorkstationStatus } from '../../../shared/api/workstation';
import { clinic } from '../clinic';

interface WorkstationStore {
  status: WorkstationStatus | null;
  error: string | null;
  busy: boolean;
  refresh(): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  createPassphrase(passphrase: string): Promise<void>;
}

export const useWorkstationStore = create<WorkstationStore>((set) => {
  const settle = (result: CommandResult<WorkstationStatus>) =>
    set(result.ok ? { status: result.value, error: null, busy: false } : { error: result.message, busy: false });

  return {
    status: null,
    error: null,
    busy: false,
    async refresh() {
      settle(await clinic().workstation.status({}));
    },
    async unlock(passphrase) {
      set({ busy: true, error: null });
      settle(await clinic().workstation.unlock({ passphrase }));
    },
    async createPassphrase(passphrase) {
      set({ busy: true, error: null });
      settle(await clinic().workstation.createPassphrase({ passphrase }));
    },
  };
});
