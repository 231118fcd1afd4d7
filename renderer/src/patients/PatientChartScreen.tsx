import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { PatientView } from '../../../shared/api/patients';
import { identifierLabel } from './patient-text';
import { PatientAppointmentsPanel } from '../appointments/PatientAppointmentsPanel';
import { BreakGlassAction } from '../break-glass/BreakGlassAction';
import { formatDate } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { Notice } from '../ui/form';
import { formatClock } from '../ui/local-time';
import { AllergiesPanel, AllergyStrip } from './AllergiesPanel';
import { useChartStore } from './chart-store';
import { ConsentPanel } from './ConsentPanel';
import { ageText, birthText, fullName, phoneText, residenceText, sexLabel } from './patient-text';
import { VisitsPanel } from './VisitsPanel';
import './patients.css';
import { sensitivityLabel } from '../clinical/clinical-text';
import { useTranslation } from 'react-i18next';

/** The notice another screen passed along in the navigation state (e.g. "registered"), if any. */
function noticeFrom(state: unknown): string | null {
  if (typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string') {
    return state.notice;
  }
  return null;
}

/**
 * One patient on one screen: who they are, consent, allergies, visits with
 * what was recorded in each, and appointments. Each part shows only when the
 * user's role may read it; core hides whatever it must.
 */
export function PatientChartScreen() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const location = useLocation();
  const patient = useChartStore((store) => (store.patientId === patientId ? store.patient : null));
  const patientError = useChartStore((store) => (store.patientId === patientId ? store.patientError : null));

  useEffect(() => {
    void useChartStore.getState().open(patientId);
  }, [patientId]);

  if (patient === null) {
    return (
      <section aria-labelledby="chart-title" className="page">
        <p className="breadcrumb">
          <Link to="/patients">{t('patients.patientChartScreen.findPatient')}</Link> ›
        </p>
        <h1 id="chart-title">{t('patients.patientChartScreen.patientChart')}</h1>
        {patientError !== null ? (
          <p role="alert" className="form-error">
            {patientError}
          </p>
        ) : (
          <p aria-live="polite">{t('patients.patientChartScreen.loading')}</p>
        )}
      </section>
    );
  }
  // Keyed by patient and navigation, so messages and open forms never carry over to another chart.
  return <Chart key={`${patient.id}:${location.key}`} patient={patient} initialNotice={noticeFrom(location.state)} />;
}

function Chart({ patient, initialNotice }: { patient: PatientView; initialNotice: string | null }) {
  const { t } = useTranslation();
  const can = {
    update: useCan('patients.update'),
    consent: useCan('consent.read'),
    visits: useCan('encounters.read'),
    appointments: useCan('appointments.read'),
  };
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const name = fullName(patient);

  return (
    <section aria-labelledby="chart-title" className="page page-wide chart">
      <p className="breadcrumb">
        <Link to="/patients">{t('patients.patientChartScreen.findPatient')}</Link> ›
      </p>
      <div className="page-heading chart-heading">
        <div>
          <h1 id="chart-title">{name}</h1>
          <p className="chart-summary">
            {sexLabel(patient.sex)} · {ageText(patient.ageYears)} ·{' '}
            <span className="mono" data-testid="patient-number">
              {patient.patientNumber}
            </span>
            {patient.sensitivity !== 'none' && (
              <span className="tag tag-granted">
                {t('patients.patientChartScreen.sensitive', { value: sensitivityLabel(patient.sensitivity) })}
              </span>
            )}
          </p>
        </div>
        <div className="heading-actions">
          <BreakGlassAction
            patientId={patient.id}
            patientNumber={patient.patientNumber}
            onGranted={(until) => {
              setNotice(t('patients.patientChartScreen.emergencyGranted', { until: formatClock(until) }));
              void useChartStore.getState().reload();
            }}
          />
          {can.update && (
            <Link to={`/patients/${patient.id}/edit`} className="button secondary">
              {t('patients.patientChartScreen.editDetails')}
            </Link>
          )}
        </div>
      </div>
      <AllergyStrip />
      <Notice message={notice} />

      <div className="chart-layout">
        <div className="chart-column">
          <IdentityPanel patient={patient} />
          {can.consent && <ConsentPanel patientId={patient.id} patientName={name} />}
          <AllergiesPanel patientId={patient.id} />
        </div>
        <div className="chart-column">
          {can.visits && <VisitsPanel patientId={patient.id} />}
          {can.appointments && <PatientAppointmentsPanel patientId={patient.id} />}
        </div>
      </div>
    </section>
  );
}

function IdentityPanel({ patient }: { patient: PatientView }) {
  const { t } = useTranslation();
  const residence = residenceText(patient.residence);
  return (
    <section className="panel chart-panel" aria-labelledby="identity-title">
      <h2 id="identity-title">{t('patients.patientChartScreen.identity')}</h2>
      <dl className="chart-facts">
        <dt>{t('patients.patientChartScreen.born')}</dt>
        <dd>{birthText(patient)}</dd>
        <dt>{t('patients.patientChartScreen.phone')}</dt>
        <dd>
          {patient.phone === null ? (
            <span className="muted">{t('patients.patientChartScreen.none')}</span>
          ) : (
            phoneText(patient.phone)
          )}
        </dd>
        <dt>{t('patients.patientChartScreen.livesIn')}</dt>
        <dd>
          {residence === '' ? <span className="muted">{t('patients.patientChartScreen.notRecorded')}</span> : residence}
        </dd>
        <dt>{t('patients.patientChartScreen.identifiers')}</dt>
        <dd>
          {patient.identifiers.length === 0 ? (
            <span className="muted">{t('patients.patientChartScreen.noneRecorded')}</span>
          ) : (
            <ul className="plain-list">
              {patient.identifiers.map((identifier) => (
                <li key={identifier.type}>
                  {identifierLabel(identifier.type)}: <span className="mono">{identifier.value}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('patients.patientChartScreen.nextOfKin')}</dt>
        <dd>
          {patient.nextOfKin === null ? (
            <span className="muted">{t('patients.patientChartScreen.notRecorded')}</span>
          ) : (
            <>
              {patient.nextOfKin.name} ({patient.nextOfKin.relationship})
              {patient.nextOfKin.phone !== null && <>, {phoneText(patient.nextOfKin.phone)}</>}
            </>
          )}
        </dd>
        <dt>{t('patients.patientChartScreen.registered')}</dt>
        <dd>{formatDate(patient.registeredAt)}</dd>
      </dl>
    </section>
  );
}
