import { create } from 'zustand';
import type { CommandResult } from '../../../shared/api/errors';
import type { MyShift } from '../../../shared/api/shifts';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { onRefusal } from '../commands/refusals';
import { runCommand } from '../commands/run-command';
import { useIdentityStore } from '../identity/identity-store';
import { onSignedInUserChange } from '../identity/session-user';
import { SHIFT_REFRESH_MIN_MS } from './shift-timing';

interface ShiftStore {
  /** Whose shift `mine` describes; a different user signing in starts afresh. */
  userId: string | null;
  mine: MyShift | null;
  /** Date.now() of the last answer, for the once-a-minute limit. */
  readAt: number | null;
  /** Why the shift could not be read. */
  problem: string | null;
  /** Core's message from the last refused clock-in or clock-out (e.g. NO_ACTIVE_SHIFT), until the next success. */
  refusal: string | null;
  clocking: boolean;
  /** Re-reads shifts.mine unless it was read less than a minute ago; `force` skips that limit. */
  refresh(options?: { force?: boolean }): Promise<void>;
  clockIn(): Promise<void>;
  clockOut(): Promise<void>;
}

/** The shifts.mine call under way, and for whom; triggers that arrive meanwhile (mount, a refusal) share it. */
let inFlight: { userId: string; done: Promise<void> } | null = null;

function signedInUserId(): string | null {
  const session = useIdentityStore.getState().session;
  return session?.signedIn === true ? session.user.id : null;
}

export const useShiftStore = create<ShiftStore>((set, get) => {
  /** Clock in or out: the answer is the new shift state; a refusal is shown and the state re-read. */
  const clock = async (call: () => Promise<CommandResult<MyShift>>) => {
    set({ clocking: true, refusal: null });
    const result = await runCommand(call);
    if (result.ok) {
      set({ clocking: false, mine: result.value, readAt: Date.now(), userId: signedInUserId(), problem: null });
      return;
    }
    set({ clocking: false, refusal: result.message });
    // NO_ACTIVE_SHIFT already triggers a refresh through the refusal listener below.
    if (result.code !== 'NO_ACTIVE_SHIFT') await get().refresh({ force: true });
  };

  return {
    userId: null,
    mine: null,
    readAt: null,
    problem: null,
    refusal: null,
    clocking: false,

    async refresh({ force = false } = {}) {
      const userId = signedInUserId();
      if (userId === null) return;
      const state = get();
      if (state.userId !== userId) {
        set({ userId, mine: null, readAt: null, problem: null, refusal: null });
      } else if (!force && state.readAt !== null && Date.now() - state.readAt < SHIFT_REFRESH_MIN_MS) {
        return;
      }
      if (inFlight?.userId !== userId) {
        const call = (async () => {
          const result = await callSafely(() => clinic().shifts.mine({}));
          // The session may have ended or changed meanwhile: keep nothing that belongs to another user.
          if (signedInUserId() !== userId) return;
          if (result.ok) set({ mine: result.value, readAt: Date.now(), problem: null });
          else {
            set({ problem: result.message, readAt: Date.now() });
            // Refused because the session was locked or ended: show that screen now.
            void useIdentityStore.getState().refreshSession();
          }
        })().finally(() => {
          if (inFlight?.done === call) inFlight = null;
        });
        inFlight = { userId, done: call };
      }
      await inFlight.done;
    },

    clockIn: () => clock(() => clinic().shifts.clockIn({})),
    clockOut: () => clock(() => clinic().shifts.clockOut({})),
  };
});

// Whichever screen ran it, a command refused for want of a shift means the panel should show the shift as core sees it.
onRefusal('NO_ACTIVE_SHIFT', () => {
  void useShiftStore.getState().refresh({ force: true });
});

onSignedInUserChange(() => {
  useShiftStore.setState({ userId: null, mine: null, readAt: null, problem: null, refusal: null, clocking: false });
});
