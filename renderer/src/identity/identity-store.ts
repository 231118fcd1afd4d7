import { create } from 'zustand';
import type { z } from 'zod';
import type { CommandResult } from '../../../shared/api/errors';
import type { SessionStatus, setupStatusOutput } from '../../../shared/api/identity';
import type { PermissionKey } from '../../../shared/security/permissions';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';

export type SignedInStatus = Extract<SessionStatus, { signedIn: true }>;

export type SetupStatus = z.infer<typeof setupStatusOutput>;

interface IdentityStore {
  /** setup.status; null until first read. */
  setup: SetupStatus | null;
  /** session.status as core last reported it; null until first read. */
  session: SessionStatus | null;
  /** Why setup or session status could not be read (shown with a retry). */
  problem: string | null;
  /**
   * Recovery codes just issued by MFA enrollment. Kept here, outside the
   * enrollment screen, because confirming enrollment moves the session to
   * `active`, which would otherwise swap the screen away before the user has
   * saved them. Dropped when acknowledged or when the session ends.
   */
  recoveryCodes: readonly string[] | null;
  /** Set right after first-run setup, so the login screen can say what happened. */
  justSetUp: boolean;
  refreshSetup(): Promise<void>;
  refreshSession(): Promise<void>;
  showRecoveryCodes(codes: readonly string[]): void;
  acknowledgeRecoveryCodes(): void;
  markSetUp(): void;
}

// Each refresh takes a ticket; an answer that arrives after a newer one has been applied is stale and dropped.
let latestTicket = 0;
let appliedTicket = 0;

export const useIdentityStore = create<IdentityStore>((set) => ({
  setup: null,
  session: null,
  problem: null,
  recoveryCodes: null,
  justSetUp: false,

  async refreshSetup() {
    const result = await callSafely(() => clinic().setup.status({}));
    set(result.ok ? { setup: result.value, problem: null } : { problem: result.message });
  },

  async refreshSession() {
    const ticket = ++latestTicket;
    const result: CommandResult<SessionStatus> = await callSafely(() => clinic().session.status({}));
    if (ticket < appliedTicket) return;
    appliedTicket = ticket;
    if (!result.ok) {
      set({ problem: result.message });
      return;
    }
    const session = result.value;
    set((state) => ({
      session,
      problem: null,
      recoveryCodes: session.signedIn ? state.recoveryCodes : null,
      justSetUp: session.signedIn ? false : state.justSetUp,
    }));
  },

  showRecoveryCodes(codes) {
    set({ recoveryCodes: [...codes] });
  },

  acknowledgeRecoveryCodes() {
    set({ recoveryCodes: null });
  },

  markSetUp() {
    set({ justSetUp: true });
  },
}));

/** The signed-in session, or null. Screens inside the app frame only render when it is active. */
export function useSignedIn(): SignedInStatus | null {
  return useIdentityStore((store) => (store.session?.signedIn === true ? store.session : null));
}

/** Whether core said this user holds the permission. Only hides what cannot be used; core still decides. */
export function useCan(permission: PermissionKey): boolean {
  return useIdentityStore(
    (store) => store.session?.signedIn === true && store.session.permissions.includes(permission),
  );
}
