import { create } from 'zustand';
import type { SecurityAlert } from '../../../shared/api/alerts';
import type { CommandFailure } from '../../../shared/api/errors';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';

interface AlertsStore {
  /** As core last listed them, newest first; null until read. */
  alerts: readonly SecurityAlert[] | null;
  /** Whether `alerts` includes acknowledged ones (the alerts page) or only open ones (home). */
  includeAcknowledged: boolean;
  loading: boolean;
  error: string | null;
  load(includeAcknowledged: boolean): Promise<void>;
  /** Acknowledges one alert; returns core's refusal, or null once it is done. */
  acknowledge(alertId: string, note: string | undefined): Promise<CommandFailure | null>;
}

let latestLoad = 0;

export const useAlertsStore = create<AlertsStore>((set, get) => ({
  alerts: null,
  includeAcknowledged: false,
  loading: false,
  error: null,

  async load(includeAcknowledged) {
    const ticket = ++latestLoad;
    // A list of the other kind must not show, even for a moment, under this screen's heading.
    if (get().includeAcknowledged !== includeAcknowledged) set({ alerts: null });
    set({ includeAcknowledged, loading: true, error: null });
    const result = await runCommand(() => clinic().alerts.list({ includeAcknowledged }));
    if (ticket !== latestLoad) return;
    set(result.ok ? { alerts: result.value, loading: false } : { error: result.message, loading: false });
  },

  async acknowledge(alertId, note) {
    const result = await runCommand(() =>
      clinic().alerts.acknowledge(note === undefined ? { alertId } : { alertId, note }),
    );
    if (!result.ok) {
      // Someone else acknowledged it meanwhile: show the list as it now is.
      if (result.code === 'CONFLICT' || result.code === 'NOT_FOUND') void get().load(get().includeAcknowledged);
      return result;
    }
    set((state) => ({
      alerts:
        state.alerts === null
          ? null
          : state.includeAcknowledged
            ? state.alerts.map((alert) => (alert.id === alertId ? result.value : alert))
            : state.alerts.filter((alert) => alert.id !== alertId),
    }));
    return null;
  },
}));

onSignedInUserChange(() => {
  latestLoad += 1;
  useAlertsStore.setState({ alerts: null, includeAcknowledged: false, loading: false, error: null });
});
