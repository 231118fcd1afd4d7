import { useId, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { PatientSummary } from '../../../shared/api/patients';
import { useCan } from '../identity/identity-store';
import { MIN_QUERY_LENGTH, RESULT_LIMIT, searchableQuery, usePatientSearchStore } from './patient-search-store';
import { ageText, fullName, phoneText, sexLabel } from './patient-text';
import './patients.css';
import { Trans, useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

/**
 * One search box for every way staff find a patient: parts of the names in any
 * order, a phone number, an identifier or the patient number. Results come as
 * the user types (once typing pauses); ↑ ↓ choose one and Enter opens the chart.
 */
export function FindPatientScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canRegister = useCan('patients.create');
  const { typed, searched, results, pending, error, type, clear } = usePatientSearchStore();
  // The chosen row belongs to the results it was chosen in: new results start with nothing chosen.
  const [choice, setChoice] = useState<{ among: typeof results; index: number }>({ among: null, index: -1 });
  const active = choice.among === results ? choice.index : -1;
  const setActive = (next: (index: number) => number) => setChoice({ among: results, index: next(active) });
  const id = useId();
  const listId = `${id}-results`;
  const optionId = (index: number) => `${id}-option-${index}`;

  const open = (patient: PatientSummary) => void navigate(`/patients/${patient.id}`);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = results?.length ?? 0;
    if (event.key === 'ArrowDown' && count > 0) {
      event.preventDefault();
      setActive((index) => (index + 1) % count);
    } else if (event.key === 'ArrowUp' && count > 0) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? count - 1 : index - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = results?.[active < 0 && count === 1 ? 0 : active];
      if (chosen !== undefined) open(chosen);
    } else if (event.key === 'Escape' && typed !== '') {
      event.preventDefault();
      clear();
    }
  };

  const query = searchableQuery(typed);
  // While the next answer is on its way the last results stay, so the list does not flicker with every key.
  const showing = results !== null;
  const status = statusText(typed, query, results, pending, searched);

  return (
    <section aria-labelledby="find-title" className="page page-wide">
      <div className="page-heading">
        <h1 id="find-title">{t('patients.findPatientScreen.findPatient')}</h1>
        {canRegister && (
          <Link to="/patients/new" className="button">
            {t('patients.findPatientScreen.registerNewPatient')}
          </Link>
        )}
      </div>
      <div className="panel search-panel">
        <div className="field">
          <label htmlFor={`${id}-query`}>{t('patients.findPatientScreen.searchByNamePhoneId')}</label>
          <p className="hint" id={`${id}-hint`}>
            {t('patients.findPatientScreen.anyPartsOfTheNames')}
          </p>
          <input
            id={`${id}-query`}
            type="search"
            role="combobox"
            aria-expanded={showing && results.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={showing && active >= 0 ? optionId(active) : undefined}
            aria-describedby={`${id}-hint`}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            value={typed}
            onChange={(event) => type(event.target.value)}
            onKeyDown={onKeyDown}
            className="search-input"
          />
        </div>
        <p className="search-status" role="status" data-testid="search-status">
          {status}
        </p>
        {error !== null && (
          <p role="alert" className="form-error">
            {error}
          </p>
        )}
        {showing && results.length > 0 && (
          <>
            <div className="result-row result-head" aria-hidden="true">
              <span>{t('patients.findPatientScreen.name')}</span>
              <span>{t('patients.findPatientScreen.sex')}</span>
              <span>{t('patients.findPatientScreen.age')}</span>
              <span>{t('patients.findPatientScreen.patientNumber')}</span>
              <span>{t('patients.findPatientScreen.phone')}</span>
            </div>
            <ul
              id={listId}
              role="listbox"
              aria-label={t('patients.findPatientScreen.patientsFound')}
              aria-busy={pending}
              className={pending ? 'result-list result-list-stale' : 'result-list'}
            >
              {results.map((patient, index) => (
                <li
                  key={patient.id}
                  id={optionId(index)}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'result-row result-active' : 'result-row'}
                  onClick={() => open(patient)}
                  onMouseMove={() => setActive(() => index)}
                >
                  <span className="result-name">{fullName(patient)}</span>
                  <span>{sexLabel(patient.sex)}</span>
                  <span>{ageText(patient.ageYears)}</span>
                  <span className="mono">{patient.patientNumber}</span>
                  <span>{phoneText(patient.phone)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {showing && !pending && results.length === 0 && canRegister && (
          <p>
            <Trans
              i18nKey="patients.findPatientScreen.notRegisteredYetLink"
              components={{ link: <Link to="/patients/new" /> }}
            />
          </p>
        )}
      </div>
    </section>
  );
}

function statusText(
  typed: string,
  query: string | null,
  results: readonly PatientSummary[] | null,
  pending: boolean,
  searched: string | null,
): string {
  if (typed.trim() === '') return '';
  if (query === null) return i18n.t('patients.search.typeAtLeast', { count: MIN_QUERY_LENGTH });
  if (results === null || pending || searched !== query) return i18n.t('patients.search.searching');
  if (results.length === 0) return i18n.t('patients.search.noMatch', { query });
  if (results.length >= RESULT_LIMIT) return i18n.t('patients.search.firstMatches', { count: results.length });
  return i18n.t('patients.search.found', { count: results.length });
}
