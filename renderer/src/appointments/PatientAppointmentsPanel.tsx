import { useState } from 'react';
import type { AppointmentView } from '../../../shared/api/appointments';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { useChartStore } from '../patients/chart-store';
import { ConfirmAction } from '../ui/ConfirmAction';
import { FormError, Notice } from '../ui/form';
import { appointmentDay, appointmentState, sortForPatient, stateLabel, STATE_TONE } from './appointment-text';
import { BookAppointmentForm } from './BookAppointmentForm';
import './appointments.css';
import { useTranslation } from 'react-i18next';

/** The chart's appointments: upcoming first, earlier ones below; booking a follow-up and cancelling. */
export function PatientAppointmentsPanel({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const section = useChartStore((store) => store.appointments);
  const canManage = useCan('appointments.manage');
  const [booking, setBooking] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const appointments = section.value;
  const { upcoming, earlier } = sortForPatient(appointments ?? []);

  const cancel = async (appointment: AppointmentView) => {
    setBusy(true);
    setNotice(null);
    setError(null);
    const result = await runCommand(() => clinic().appointments.cancel({ appointmentId: appointment.id }));
    setBusy(false);
    if (!result.ok) setError(result.message);
    else setNotice(t('appointments.patientAppointmentsPanel.cancelled', { day: appointmentDay(appointment.date) }));
    await useChartStore.getState().reloadSection('appointments');
  };

  return (
    <section className="panel chart-panel" aria-labelledby="patient-appointments-title">
      <div className="panel-heading">
        <h2 id="patient-appointments-title">{t('appointments.patientAppointmentsPanel.appointments')}</h2>
        {canManage && !booking && appointments !== null && (
          <button
            type="button"
            className="secondary btn-small"
            onClick={() => {
              setNotice(null);
              setError(null);
              setBooking(true);
            }}
          >
            {t('appointments.patientAppointmentsPanel.bookFollowUp')}
          </button>
        )}
      </div>
      {section.error !== null && (
        <p role="alert" className="form-error">
          {section.error}
        </p>
      )}
      {appointments === null && section.error === null && (
        <p aria-live="polite">{t('appointments.patientAppointmentsPanel.loading')}</p>
      )}
      <Notice message={notice} />
      <FormError message={error} />
      {booking && (
        <BookAppointmentForm
          patientId={patientId}
          onBooked={(appointment) => {
            setBooking(false);
            setNotice(
              t('appointments.patientAppointmentsPanel.booked', {
                day: appointmentDay(appointment.date),
                reason: appointment.reason,
              }),
            );
            void useChartStore.getState().reloadSection('appointments');
          }}
          onCancel={() => setBooking(false)}
        />
      )}
      {appointments !== null && upcoming.length === 0 && (
        <p className="muted">{t('appointments.patientAppointmentsPanel.noUpcomingAppointments')}</p>
      )}
      {upcoming.length > 0 && (
        <ul className="appointment-list" aria-label={t('appointments.patientAppointmentsPanel.upcomingAppointments')}>
          {upcoming.map((appointment) => (
            <AppointmentItem
              key={appointment.id}
              appointment={appointment}
              canCancel={canManage}
              busy={busy}
              onCancel={() => void cancel(appointment)}
            />
          ))}
        </ul>
      )}
      {earlier.length > 0 && (
        <details className="history">
          <summary>
            {t('appointments.patientAppointmentsPanel.earlierMissedOrCancelled', { length: earlier.length })}
          </summary>
          <ul className="appointment-list">
            {earlier.map((appointment) => (
              <AppointmentItem
                key={appointment.id}
                appointment={appointment}
                canCancel={canManage}
                busy={busy}
                onCancel={() => void cancel(appointment)}
              />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

interface AppointmentItemProps {
  appointment: AppointmentView;
  canCancel: boolean;
  busy: boolean;
  onCancel(): void;
}

function AppointmentItem({ appointment, canCancel, busy, onCancel }: AppointmentItemProps) {
  const { t } = useTranslation();
  const state = appointmentState(appointment);
  return (
    <li className="appointment-item">
      <span className="appointment-day">{appointmentDay(appointment.date)}</span>
      <span className="appointment-reason">{appointment.reason}</span>
      <span className={`tag ${STATE_TONE[state]}`}>{stateLabel(state)}</span>
      {canCancel && appointment.status === 'scheduled' && (
        <ConfirmAction
          label={t('appointments.patientAppointmentsPanel.cancelAppointment')}
          question={t('appointments.patientAppointmentsPanel.cancelQuestion', {
            day: appointmentDay(appointment.date),
            reason: appointment.reason,
          })}
          confirmLabel={t('appointments.patientAppointmentsPanel.cancelTheAppointment')}
          dismissLabel={t('appointments.patientAppointmentsPanel.keepIt')}
          danger
          busy={busy}
          onConfirm={onCancel}
        />
      )}
    </li>
  );
}
