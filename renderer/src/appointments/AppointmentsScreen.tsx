import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import type { AppointmentView } from '../../../shared/api/appointments';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { ageText, fullName, phoneText, sexLabel } from '../patients/patient-text';
import { ConfirmAction } from '../ui/ConfirmAction';
import { FormError, Notice } from '../ui/form';
import { addDays, dateInputValue, formatLongDay, localMoment } from '../ui/local-time';
import { appointmentDay, appointmentState, stateLabel, STATE_TONE } from './appointment-text';
import { useAppointmentsStore } from './appointments-store';
import './appointments.css';
import { useTranslation } from 'react-i18next';

/** The facility's appointments for a day (today unless another is chosen), and those missed. */
export function AppointmentsScreen() {
  const { t } = useTranslation();
  const { day, dayList, dayError, missed, missedError, showDay, loadMissed } = useAppointmentsStore();
  const canManage = useCan('appointments.manage');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  useEffect(() => {
    // Each visit starts at today: yesterday's list is rarely what the desk wants next morning.
    void useAppointmentsStore.getState().showDay(dateInputValue(new Date()));
    void useAppointmentsStore.getState().loadMissed();
  }, []);

  const today = dateInputValue(new Date());
  const shownDay = localMoment(day);
  const move = (days: number) => {
    if (shownDay === null) return;
    setNotice(null);
    setError(null);
    void showDay(dateInputValue(addDays(shownDay, days)));
  };

  const cancel = async (appointment: AppointmentView) => {
    setBusy(true);
    setNotice(null);
    setError(null);
    const result = await runCommand(() => clinic().appointments.cancel({ appointmentId: appointment.id }));
    setBusy(false);
    if (!result.ok) setError(result.message);
    else
      setNotice(
        t('appointments.appointmentsScreen.cancelled', {
          name: fullName(appointment.patient),
          day: appointmentDay(appointment.date),
        }),
      );
    await Promise.all([showDay(day), loadMissed()]);
  };

  const list = dayList?.day === day ? dayList.appointments : null;
  return (
    <section aria-labelledby="appointments-title" className="page page-wide">
      <h1 id="appointments-title">{t('appointments.appointmentsScreen.appointments')}</h1>
      <div className="toolbar" role="group" aria-label={t('appointments.appointmentsScreen.dayShown')}>
        <button type="button" className="secondary" onClick={() => move(-1)}>
          {t('appointments.appointmentsScreen.previousDay')}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={day === today}
          onClick={() => {
            setNotice(null);
            void showDay(today);
          }}
        >
          {t('appointments.appointmentsScreen.today')}
        </button>
        <button type="button" className="secondary" onClick={() => move(1)}>
          {t('appointments.appointmentsScreen.nextDay')}
        </button>
        <label className="toolbar-field" htmlFor={`${id}-day`}>
          <span>{t('appointments.appointmentsScreen.day')}</span>
          <input
            id={`${id}-day`}
            type="date"
            value={day}
            onChange={(event) => {
              if (localMoment(event.target.value) !== null) {
                setNotice(null);
                void showDay(event.target.value);
              }
            }}
          />
        </label>
      </div>
      <h2 className="week-title" id={`${id}-title`} aria-live="polite">
        {shownDay === null ? day : formatLongDay(shownDay)}
        {day === today && t('appointments.appointmentsScreen.today2')}
      </h2>
      <Notice message={notice} />
      <FormError message={error} />
      {dayError !== null && (
        <p role="alert" className="form-error">
          {dayError}
        </p>
      )}
      {list === null && dayError === null && <p aria-live="polite">{t('appointments.appointmentsScreen.loading')}</p>}
      {list !== null && list.length === 0 && (
        <p className="muted">{t('appointments.appointmentsScreen.noAppointmentsBookedForThis')}</p>
      )}
      {list !== null && list.length > 0 && (
        <AppointmentTable
          labelledBy={`${id}-title`}
          appointments={list}
          showDate={false}
          canCancel={canManage}
          busy={busy}
          onCancel={(appointment) => void cancel(appointment)}
        />
      )}

      <section className="missed-section" aria-labelledby={`${id}-missed`}>
        <h2 id={`${id}-missed`} className="week-title">
          {t('appointments.appointmentsScreen.missedAppointments')}
          {missed !== null && missed.length > 0 && <span className="count-badge">{missed.length}</span>}
        </h2>
        <p className="muted">{t('appointments.appointmentsScreen.bookedDaysThatPassedWithout')}</p>
        {missedError !== null && (
          <p role="alert" className="form-error">
            {missedError}
          </p>
        )}
        {missed === null && missedError === null && (
          <p aria-live="polite">{t('appointments.appointmentsScreen.loading')}</p>
        )}
        {missed !== null && missed.length === 0 && (
          <p className="muted">{t('appointments.appointmentsScreen.noMissedAppointments')}</p>
        )}
        {missed !== null && missed.length > 0 && (
          <AppointmentTable
            labelledBy={`${id}-missed`}
            appointments={missed}
            showDate
            canCancel={canManage}
            busy={busy}
            onCancel={(appointment) => void cancel(appointment)}
          />
        )}
      </section>
    </section>
  );
}

interface AppointmentTableProps {
  labelledBy: string;
  appointments: readonly AppointmentView[];
  showDate: boolean;
  canCancel: boolean;
  busy: boolean;
  onCancel(appointment: AppointmentView): void;
}

function AppointmentTable({ labelledBy, appointments, showDate, canCancel, busy, onCancel }: AppointmentTableProps) {
  const { t } = useTranslation();
  return (
    <table className="table appointment-table" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          {showDate && <th scope="col">{t('appointments.appointmentsScreen.date')}</th>}
          <th scope="col">{t('appointments.appointmentsScreen.patient')}</th>
          <th scope="col">{t('appointments.appointmentsScreen.patientNumber')}</th>
          <th scope="col">{t('appointments.appointmentsScreen.phone')}</th>
          <th scope="col">{t('appointments.appointmentsScreen.whatFor')}</th>
          <th scope="col">{t('appointments.appointmentsScreen.status')}</th>
          {canCancel && (
            <th scope="col">
              <span className="visually-hidden">{t('appointments.appointmentsScreen.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {appointments.map((appointment) => {
          const state = appointmentState(appointment);
          return (
            <tr key={appointment.id}>
              {showDate && <td className="nowrap">{appointmentDay(appointment.date)}</td>}
              <th scope="row">
                <Link to={`/patients/${appointment.patientId}`}>{fullName(appointment.patient)}</Link>
                <span className="cell-sub">
                  {sexLabel(appointment.patient.sex)}, {ageText(appointment.patient.ageYears)}
                </span>
              </th>
              <td className="mono nowrap">{appointment.patient.patientNumber}</td>
              <td className="nowrap">{phoneText(appointment.patient.phone)}</td>
              <td>{appointment.reason}</td>
              <td>
                <span className={`tag ${STATE_TONE[state]}`}>{stateLabel(state)}</span>
              </td>
              {canCancel && (
                <td className="row-actions">
                  {appointment.status === 'scheduled' && (
                    <ConfirmAction
                      label={t('appointments.appointmentsScreen.cancelAppointment')}
                      question={t('appointments.appointmentsScreen.cancelQuestion', {
                        name: fullName(appointment.patient),
                        day: appointmentDay(appointment.date),
                      })}
                      confirmLabel={t('appointments.appointmentsScreen.cancelTheAppointment')}
                      dismissLabel={t('appointments.appointmentsScreen.keepIt')}
                      danger
                      busy={busy}
                      onConfirm={() => onCancel(appointment)}
                    />
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
