import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CommandFailure } from '../../../shared/api/errors';
import type { DuplicateCandidate, PatientDetailsInput, PatientView } from '../../../shared/api/patients';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { FormError } from '../ui/form';
import { sensitiveCategoriesOf, usePermissions } from './patient-access';
import { EMPTY_PATIENT_FORM } from './patient-form';
import { ageText, duplicateReasonsText, fullName, phoneText, sexLabel } from './patient-text';
import { PatientForm } from './PatientForm';
import { useTranslation } from 'react-i18next';

/** What was checked for duplicates, and what the check found. */
interface DuplicateWarning {
  details: PatientDetailsInput;
  candidates: readonly DuplicateCandidate[];
}

/**
 * Registers a patient. Before saving, core is asked for possible duplicates
 * (same phone, same identifier, similar name and age); when there are some the
 * clerk sees them, with their charts a click away, and registers anyway only
 * by saying this is a different person. Then the new chart opens.
 */
export function RegisterPatientScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const sensitivities = sensitiveCategoriesOf(usePermissions());
  const [warning, setWarning] = useState<DuplicateWarning | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const registered = (patient: PatientView) => {
    void navigate(`/patients/${patient.id}`, {
      state: {
        notice: t('patients.registerPatientScreen.registered', {
          name: fullName(patient),
          number: patient.patientNumber,
        }),
      },
    });
  };

  /** Core re-checks at registration; a duplicate someone registered meanwhile comes back as CONFLICT. */
  const checkThenRegister = async (details: PatientDetailsInput): Promise<CommandFailure | null> => {
    setWarning(null);
    setConfirmError(null);
    const check = await runCommand(() => clinic().patients.findDuplicates(details));
    if (!check.ok) return check;
    if (check.value.length > 0) {
      setWarning({ details, candidates: check.value });
      return null;
    }
    const result = await runCommand(() => clinic().patients.register({ ...details, confirmedNotDuplicate: false }));
    if (result.ok) {
      registered(result.value);
      return null;
    }
    if (result.code === 'CONFLICT') {
      const again = await runCommand(() => clinic().patients.findDuplicates(details));
      if (again.ok && again.value.length > 0) {
        setWarning({ details, candidates: again.value });
        return null;
      }
    }
    return result;
  };

  const registerAnyway = async () => {
    if (warning === null) return;
    setConfirming(true);
    setConfirmError(null);
    const result = await runCommand(() =>
      clinic().patients.register({ ...warning.details, confirmedNotDuplicate: true }),
    );
    setConfirming(false);
    if (result.ok) registered(result.value);
    else setConfirmError(result.message);
  };

  return (
    <section aria-labelledby="register-title" className="page page-wide">
      <p className="breadcrumb">
        <Link to="/patients">{t('patients.registerPatientScreen.findPatient')}</Link> ›
      </p>
      <h1 id="register-title">{t('patients.registerPatientScreen.registerANewPatient')}</h1>
      <PatientForm
        name={t('patients.registerPatientScreen.registerAPatient')}
        defaultValues={EMPTY_PATIENT_FORM}
        sensitivities={sensitivities}
        submitLabel={t('patients.registerPatientScreen.registerPatient')}
        submittingLabel={t('patients.registerPatientScreen.checking')}
        cancelTo="/patients"
        onValid={checkThenRegister}
        onEdit={() => {
          // The warning was about what was typed then; a change means checking again on the next save.
          setWarning(null);
          setConfirmError(null);
        }}
      >
        {warning !== null && (
          <DuplicatesPanel
            candidates={warning.candidates}
            busy={confirming}
            error={confirmError}
            onRegisterAnyway={() => void registerAnyway()}
          />
        )}
      </PatientForm>
    </section>
  );
}

interface DuplicatesPanelProps {
  candidates: readonly DuplicateCandidate[];
  busy: boolean;
  error: string | null;
  onRegisterAnyway(): void;
}

function DuplicatesPanel({ candidates, busy, error, onRegisterAnyway }: DuplicatesPanelProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="duplicates" aria-labelledby="duplicates-title">
      <h2 id="duplicates-title" ref={heading} tabIndex={-1}>
        {t('patients.registerPatientScreen.possibleDuplicates', { count: candidates.length })}
      </h2>
      <p>{t('patients.registerPatientScreen.checkRecords', { count: candidates.length })}</p>
      <ul className="duplicate-list">
        {candidates.map((candidate) => (
          <li key={candidate.id}>
            <Link to={`/patients/${candidate.id}`} className="duplicate-name">
              {fullName(candidate)}
            </Link>
            <span className="mono">{candidate.patientNumber}</span>
            <span>
              {sexLabel(candidate.sex)}, {ageText(candidate.ageYears)}
            </span>
            {candidate.phone !== null && <span>{phoneText(candidate.phone)}</span>}
            <span className="tag tag-warning">{duplicateReasonsText(candidate.reasons)}</span>
          </li>
        ))}
      </ul>
      <FormError message={error} />
      <div className="actions">
        <button type="button" className="secondary" disabled={busy} onClick={onRegisterAnyway}>
          {busy
            ? t('patients.registerPatientScreen.registering')
            : t('patients.registerPatientScreen.thisIsADifferentPerson')}
        </button>
      </div>
    </section>
  );
}
