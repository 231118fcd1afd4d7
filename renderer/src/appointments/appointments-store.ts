import { create } from 'zustand';
import type { AppointmentView } from '../../../shared/api/appointments';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { onSignedInUserChange } from '../identity/session-user';
import { dateInputValue } from '../ui/local-time';

interface AppointmentsStore {
  /** The day shown, as a date input holds it ("2026-03-12"). */
  day: string;
  /** That day's appointments, once read for it. */
  dayList: { day: string; appointments: readonly AppointmentView[] } | null;
  dayError: string | null;
  missed: readonly AppointmentView[] | null;
  missedError: string | null;
  showDay(day: string): Promise<void>;
  loadMissed(): Promise<void>;
}

let latestDay = 0;

const initial = () => ({
  day: dateInputValue(new Date()),
  dayList: null,
  dayError: null,
  missed: null,
  missedError: null,
});

export const useAppointmentsStore = create<AppointmentsStore>((set) => ({
  ...initial(),

  async showDay(day) {
    const ticket = ++latestDay;
    set({ day, dayError: null });
    const result = await runCommand(() => clinic().appointments.dayList({ date: day }));
    if (ticket !== latestDay) return;
    set(result.ok ? { dayList: { day, appointments: result.value } } : { dayError: result.message });
  },

  async loadMissed() {
    const result = await runCommand(() => clinic().appointments.missed({}));
    set(result.ok ? { missed: result.value, missedError: null } : { missedError: result.message });
  },
}));

onSignedInUserChange(() => {
  latestDay += 1;
  useAppointmentsStore.setState(initial());
});
