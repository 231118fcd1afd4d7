import type { AppointmentView } from '../../../shared/api/appointments';
import { i18n } from '../i18n';
import { addDays, dateInputValue, formatDay, localMoment, relativeDay, sameLocalDay } from '../ui/local-time';

export type AppointmentState = 'booked' | 'missed' | 'attended' | 'cancelled';

export function appointmentState(appointment: Pick<AppointmentView, 'status' | 'missed'>): AppointmentState {
  if (appointment.status === 'scheduled') return appointment.missed ? 'missed' : 'booked';
  return appointment.status;
}

/** "Booked", "Missed", "Attended", "Cancelled" in the UI language. */
export function stateLabel(state: AppointmentState): string {
  return i18n.t(`appointments.text.state.${state}`);
}

export const STATE_TONE: Readonly<Record<AppointmentState, string>> = {
  booked: 'tag-granted',
  missed: 'tag-alert',
  attended: 'tag-ok',
  cancelled: 'tag-muted',
};

/** "today", "tomorrow" or "Thu 12 Mar" for an appointment's calendar day ("2026-03-12"). */
export function appointmentDay(date: string, now: Date = new Date()): string {
  const day = localMoment(date);
  if (day === null) return date;
  // Today and tomorrow read as words even across New Year; other days of another year name the year.
  const nearby = sameLocalDay(day, now) || sameLocalDay(day, addDays(now, 1));
  return nearby || day.getFullYear() === now.getFullYear()
    ? relativeDay(day, now)
    : `${formatDay(day)} ${day.getFullYear()}`;
}

/** Upcoming ones first, soonest first; then the rest, latest first. */
export function sortForPatient(appointments: readonly AppointmentView[]): {
  upcoming: AppointmentView[];
  earlier: AppointmentView[];
} {
  const upcoming = appointments
    .filter((appointment) => appointmentState(appointment) === 'booked')
    .sort((a, b) => a.date.localeCompare(b.date));
  const earlier = appointments
    .filter((appointment) => appointmentState(appointment) !== 'booked')
    .sort((a, b) => b.date.localeCompare(a.date));
  return { upcoming, earlier };
}

/** The date input value a number of days from today, for the quick follow-up choices. */
export function daysFromToday(days: number, now: Date = new Date()): string {
  return dateInputValue(addDays(now, days));
}
