import { create } from 'zustand';
import type { BreakGlassGrant } from '../../../shared/api/break-glass';
import type { CommandFailure } from '../../../shared/api/errors';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { runCommand } from '../commands/run-command';
import { useIdentityStore } from '../identity/identity-store';
import { onSignedInUserChange } from '../identity/session-user';

/** How often the user's own grants are re-read while the app is open. */
export const BREAK_GLASS_REFRESH_MS = 60_000;

/** The grants still running at `now` (core's list may be up to a minute old). */
export function activeGrants(grants: readonly BreakGlassGrant[], now: Date = new Date()): BreakGlassGrant[] {
  return grants.filter((grant) => Date.parse(grant.expiresAt) > now.getTime());
}

/** Milliseconds until the first of the grants ends, or null when none is running. */
export function msUntilFirstExpiry(grants: readonly BreakGlassGrant[], now: Date = new Date()): number | null {
  const ends = activeGrants(grants, now).map((grant) => Date.parse(grant.expiresAt) - now.getTime());
  return ends.length === 0 ? null : Math.min(...ends);
}

interface BreakGlassStore {
  /** The signed-in user's running grants (breakGlass.mine), for the banner. */
  grants: readonly BreakGlassGrant[];
  /** Patient numbers by patient id, for the banner: remembered from the chart, or read once. */
  numbers: Readonly<Record<string, string>>;
  refresh(): Promise<void>;
  /** Asks for emergency access to one patient; step-up opens by itself. Returns core's refusal, or null. */
  request(patientId: string, reason: string): Promise<CommandFailure | null>;
  rememberPatient(patientId: string, patientNumber: string): void;
}

function signedInUserId(): string | null {
  const session = useIdentityStore.getState().session;
  return session?.signedIn === true ? session.user.id : null;
}

// Patients whose number is being read, so a refresh during the read does not read it again.
const lookingUp = new Set<string>();

export const useBreakGlassStore = create<BreakGlassStore>((set, get) => {
  /** The banner names the patient by number; after a new sign-in the chart may not have been opened yet. */
  const lookUpNumbers = async (grants: readonly BreakGlassGrant[], userId: string) => {
    for (const grant of grants) {
      if (get().numbers[grant.patientId] !== undefined || lookingUp.has(grant.patientId)) continue;
      lookingUp.add(grant.patientId);
      const result = await callSafely(() => clinic().patients.get({ patientId: grant.patientId }));
      lookingUp.delete(grant.patientId);
      if (signedInUserId() !== userId) return;
      if (result.ok) get().rememberPatient(grant.patientId, result.value.patientNumber);
    }
  };

  return {
    grants: [],
    numbers: {},

    async refresh() {
      const userId = signedInUserId();
      if (userId === null) return;
      // Passive: reading it does not keep an idle session awake.
      const result = await callSafely(() => clinic().breakGlass.mine({}));
      if (signedInUserId() !== userId) return;
      if (!result.ok) {
        // Refused because the session was locked or ended: show that screen now.
        void useIdentityStore.getState().refreshSession();
        return;
      }
      set({ grants: result.value });
      await lookUpNumbers(activeGrants(result.value), userId);
    },

    async request(patientId, reason) {
      const result = await runCommand(() => clinic().breakGlass.request({ patientId, reason }));
      if (!result.ok) return result;
      await get().refresh();
      return null;
    },

    rememberPatient(patientId, patientNumber) {
      if (get().numbers[patientId] === patientNumber) return;
      set((state) => ({ numbers: { ...state.numbers, [patientId]: patientNumber } }));
    },
  };
});

onSignedInUserChange(() => {
  lookingUp.clear();
  // The banner reads the new user's grants when the app frame appears for them.
  useBreakGlassStore.setState({ grants: [], numbers: {} });
});
