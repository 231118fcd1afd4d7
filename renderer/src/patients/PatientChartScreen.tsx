import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { IDENTIFIER_LABEL, type PatientView } from '../../../shared/api/patients';
import { SENSITIVITY_LABEL } from '../../../shared/security/sensitivity';
import { PatientAppointmentsPanel } from '../appointments/PatientAppointmentsPanel';
import { BreakGlassAction } from '../break-glass/BreakGlassAction';
import { formatDate } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { Notice } from '../ui/form';
import { formatClock } from '../ui/local-time';
import { AllergiesPanel, AllergyStrip } from './AllergiesPanel';
import { useChartStore } from './chart-store';
import { ConsentPanel } from './ConsentPanel';
import { ageText, birthText, fullName, phoneText, residenceText, SEX_LABEL } from './patient-text';
import { VisitsPanel } from './VisitsPanel';
import './patients.css';

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
          <Link to="/patients">Find patient</Link> ›
        </p>
        <h1 id="chart-title">Patient chart</h1>
        {patientError !== null ? (
          <p role="alert" className="form-error">
            {patientError}
          </p>
        ) : (
          <p aria-live="polite">Loading…</p>
        )}
      </section>
    );
  }
  // Keyed by patient and navigation, so messages and open forms never carry over to another chart.
  return <Chart key={`${patient.id}:${location.key}`} patient={patient} initialNotice={noticeFrom(location.state)} />;
}

function Chart({ patient, initialNotice }: { patient: PatientView; initialNotice: string | null }) {
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
        <Link to="/patients">Find patient</Link> ›
      </p>
      <div className="page-heading chart-heading">
        <div>
          <h1 id="chart-title">{name}</h1>
          <p className="chart-summary">
            {SEX_LABEL[patient.sex]} · {ageText(patient.ageYears)} ·{' '}
            <span className="mono" data-testid="patient-number">
              {patient.patientNumber}
            </span>
            {patient.sensitivity !== 'none' && (
              <span className="tag tag-granted">Sensitive: {SENSITIVITY_LABEL[patient.sensitivity]}</span>
            )}
          </p>
        </div>
        <div className="heading-actions">
          <BreakGlassAction
            patientId={patient.id}
            patientNumber={patient.patientNumber}
            onGranted={(until) => {
              setNotice(`Emergency access granted until ${formatClock(until)}. Every record you open is recorded.`);
              void useChartStore.getState().reload();
            }}
          />
          {can.update && (
            <Link to={`/patients/${patient.id}/edit`} className="button secondary">
              Edit details
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
  const residence = residenceText(patient.residence);
  return (
    <section className="panel chart-panel" aria-labelledby="identity-title">
      <h2 id="identity-title">Identity</h2>
      <dl className="chart-facts">
        <dt>Born</dt>
        <dd>{birthText(patient)}</dd>
        <dt>Phone</dt>
        <dd>{patient.phone === null ? <span className="muted">None</span> : phoneText(patient.phone)}</dd>
        <dt>Lives in</dt>
        <dd>{residence === '' ? <span className="muted">Not recorded</span> : residence}</dd>
        <dt>Identifiers</dt>
        <dd>
          {patient.identifiers.length === 0 ? (
            <span className="muted">None recorded</span>
          ) : (
            <ul className="plain-list">
              {patient.identifiers.map((identifier) => (
                <li key={identifier.type}>
                  {IDENTIFIER_LABEL[identifier.type]}: <span className="mono">{identifier.value}</span>
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Next of kin</dt>
        <dd>
          {patient.nextOfKin === null ? (
            <span className="muted">Not recorded</span>
          ) : (
            <>
              {patient.nextOfKin.name} ({patient.nextOfKin.relationship})
              {patient.nextOfKin.phone !== null && <>, {phoneText(patient.nextOfKin.phone)}</>}
            </>
          )}
        </dd>
        <dt>Registered</dt>
        <dd>{formatDate(patient.registeredAt)}</dd>
      </dl>
    </section>
  );
}
