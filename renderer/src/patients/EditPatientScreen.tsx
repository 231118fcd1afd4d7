import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { CommandFailure } from '../../../shared/api/errors';
import type { PatientDetailsInput, PatientView } from '../../../shared/api/patients';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useChartStore } from './chart-store';
import { sensitiveCategoriesOf, usePermissions } from './patient-access';
import { fromPatientView } from './patient-form';
import { fullName } from './patient-text';
import { PatientForm } from './PatientForm';
import { useTranslation } from 'react-i18next';

/** Edits a patient's details with the registration form; core writes only what changed, and audits it. */
export function EditPatientScreen() {
  const { t } = useTranslation();
  const { patientId = '' } = useParams();
  const patient = useChartStore((store) => (store.patientId === patientId ? store.patient : null));
  const patientError = useChartStore((store) => (store.patientId === patientId ? store.patientError : null));

  useEffect(() => {
    // Coming from the chart the patient is already read; a typed or reloaded address reads it now.
    if (useChartStore.getState().patientId !== patientId || useChartStore.getState().patient === null) {
      void useChartStore.getState().open(patientId);
    }
  }, [patientId]);

  return (
    <section aria-labelledby="edit-title" className="page page-wide">
      <p className="breadcrumb">
        <Link to="/patients">{t('patients.editPatientScreen.findPatient')}</Link> ›{' '}
        {patient !== null && <Link to={`/patients/${patient.id}`}>{fullName(patient)}</Link>} ›
      </p>
      <h1 id="edit-title">{t('patients.editPatientScreen.editPatientDetails')}</h1>
      {patient === null && patientError !== null && (
        <p role="alert" className="form-error">
          {patientError}
        </p>
      )}
      {patient === null && patientError === null && <p aria-live="polite">{t('patients.editPatientScreen.loading')}</p>}
      {patient !== null && <EditForm key={patient.id} patient={patient} />}
    </section>
  );
}

function EditForm({ patient }: { patient: PatientView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const permitted = sensitiveCategoriesOf(usePermissions());
  // A patient already registered under a category stays offered, so saving never changes it by accident.
  const sensitivities =
    patient.sensitivity === 'none' || permitted.includes(patient.sensitivity)
      ? permitted
      : [...permitted, patient.sensitivity];

  const save = async (details: PatientDetailsInput): Promise<CommandFailure | null> => {
    const result = await runCommand(() => clinic().patients.update({ ...details, patientId: patient.id }));
    if (!result.ok) return result;
    useChartStore.getState().setPatient(result.value);
    void navigate(`/patients/${patient.id}`, { state: { notice: t('patients.editPatientScreen.saved') } });
    return null;
  };

  return (
    <PatientForm
      name={t('patients.editPatientScreen.editPatientDetails')}
      defaultValues={fromPatientView(patient)}
      sensitivities={sensitivities}
      submitLabel={t('patients.editPatientScreen.saveChanges')}
      submittingLabel={t('patients.editPatientScreen.saving')}
      cancelTo={`/patients/${patient.id}`}
      onValid={save}
    />
  );
}
