import { create } from 'zustand';
import type { AboutWorkstation } from '../../../shared/api/system';
import { clinic } from '../clinic';

type AboutState =
  { status: 'idle' | 'loading' } | { status: 'ready'; about: AboutWorkstation } | { status: 'error'; message: string };

interface AboutStore {
  state: AboutState;
  load(): Promise<void>;
}

export const useAboutStore = create<AboutStore>((set) => ({
  state: { status: 'idle' },
  async load() {
    set({ state: { status: 'loading' } });
    const result = await clinic().system.about({});
    set({ state: result.ok ? { status: 'ready', about: result.value } : { status: 'error', message: result.message } });
  },
}));
