import { create } from 'zustand';
import type { UserSummary } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';

interface UsersStore {
  users: readonly UserSummary[] | null;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Replaces (or adds) one user with what a command returned, so screens show core's view at once. */
  put(user: UserSummary): void;
}

export const useUsersStore = create<UsersStore>((set) => ({
  users: null,
  loading: false,
  error: null,
  async load() {
    set({ loading: true, error: null });
    const result = await runCommand(() => clinic().users.list({}));
    set(result.ok ? { users: result.value, loading: false } : { error: result.message, loading: false });
  },
  put(user) {
    set((state) => {
      const users = state.users ?? [];
      const exists = users.some((candidate) => candidate.id === user.id);
      return {
        users: exists ? users.map((candidate) => (candidate.id === user.id ? user : candidate)) : [...users, user],
      };
    });
  },
}));

export type UserStatus = 'active' | 'deactivated' | 'locked';

/** The status an admin acts on: deactivated beats locked, and a lock in the past no longer counts. */
export function userStatus(user: UserSummary, now: Date = new Date()): UserStatus {
  if (!user.active) return 'deactivated';
  if (user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now.getTime()) return 'locked';
  return 'active';
}
