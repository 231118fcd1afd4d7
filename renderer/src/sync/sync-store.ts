import { create } from 'zustand';
import type { CommandFailure } from '../../../shared/api/errors';
import type {
  DeviceSummaryView,
  EnrollmentCodeView,
  RecoveryKitView,
  SyncConflictView,
  SyncStatus,
} from '../../../shared/api/sync';
import { clinic } from '../clinic';
import { callSafely } from '../commands/call-safely';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';

interface SyncStore {
  /** sync.status as core last reported it; null until first read. */
  status: SyncStatus | null;
  /** When `status` was read (ms), so "synced 2 minutes ago" is measured from a time core answered at. */
  readAt: number;
  /** Why the status could not be read. */
  problem: string | null;
  devices: readonly DeviceSummaryView[] | null;
  devicesError: string | null;
  /** The code just created, shown until the user leaves the screen or signs out. */
  enrollment: EnrollmentCodeView | null;
  /** The recovery kit just created, for the printable screen; never kept beyond it. */
  recoveryKit: RecoveryKitView | null;
  conflicts: readonly SyncConflictView[] | null;
  includeReviewed: boolean;
  conflictsError: string | null;
  refresh(): Promise<void>;
  syncNow(): Promise<CommandFailure | null>;
  loadDevices(): Promise<void>;
  createEnrollmentCode(ttlHours: number): Promise<CommandFailure | null>;
  revokeDevice(deviceId: string): Promise<CommandFailure | null>;
  createRecoveryKit(): Promise<CommandFailure | null>;
  loadConflicts(includeReviewed?: boolean): Promise<void>;
  markReviewed(conflictId: string): Promise<CommandFailure | null>;
  /** Drops the enrollment code shown (leaving the sync screen). */
  forgetEnrollment(): void;
  /** Drops the recovery kit shown (leaving the kit's screen). */
  forgetRecoveryKit(): void;
}

const INITIAL = {
  status: null,
  readAt: 0,
  problem: null,
  devices: null,
  devicesError: null,
  enrollment: null,
  recoveryKit: null,
  conflicts: null,
  includeReviewed: false,
  conflictsError: null,
} satisfies Partial<SyncStore>;

// Each status read takes a ticket; an answer that arrives after a newer one has been applied is stale.
let latestStatus = 0;
let appliedStatus = 0;

export const useSyncStore = create<SyncStore>((set, get) => ({
  ...INITIAL,

  async refresh() {
    const ticket = ++latestStatus;
    // Polling is passive: callSafely, not runCommand, so it neither re-reads the session nor counts as activity.
    const result = await callSafely(() => clinic().sync.status({}));
    if (ticket < appliedStatus) return;
    appliedStatus = ticket;
    set(result.ok ? { status: result.value, readAt: Date.now(), problem: null } : { problem: result.message });
  },

  async syncNow() {
    const result = await runCommand(() => clinic().sync.now({}));
    if (!result.ok) return result;
    appliedStatus = ++latestStatus;
    set({ status: result.value, readAt: Date.now(), problem: null });
    return null;
  },

  async loadDevices() {
    const result = await runCommand(() => clinic().sync.devices({}));
    set(result.ok ? { devices: result.value.devices, devicesError: null } : { devicesError: result.message });
  },

  async createEnrollmentCode(ttlHours) {
    set({ enrollment: null });
    const result = await runCommand(() => clinic().sync.createEnrollmentCode({ ttlHours }));
    if (!result.ok) return result;
    set({ enrollment: result.value });
    return null;
  },

  async revokeDevice(deviceId) {
    const result = await runCommand(() => clinic().sync.revokeDevice({ deviceId }));
    if (!result.ok) return result;
    await Promise.all([get().loadDevices(), get().refresh()]);
    return null;
  },

  async createRecoveryKit() {
    set({ recoveryKit: null });
    const result = await runCommand(() => clinic().sync.createRecoveryKit({}));
    if (!result.ok) return result;
    set({ recoveryKit: result.value });
    return null;
  },

  async loadConflicts(includeReviewed = get().includeReviewed) {
    set({ includeReviewed });
    const result = await runCommand(() => clinic().sync.conflicts({ includeReviewed, limit: 200 }));
    if (get().includeReviewed !== includeReviewed) return;
    set(result.ok ? { conflicts: result.value.conflicts, conflictsError: null } : { conflictsError: result.message });
  },

  async markReviewed(conflictId) {
    const result = await runCommand(() => clinic().sync.markConflictReviewed({ conflictId }));
    if (!result.ok) return result;
    await Promise.all([get().loadConflicts(), get().refresh()]);
    return null;
  },

  forgetEnrollment() {
    set({ enrollment: null });
  },

  forgetRecoveryKit() {
    set({ recoveryKit: null });
  },
}));

onSignedInUserChange(() => {
  latestStatus += 1;
  useSyncStore.setState(INITIAL);
});
