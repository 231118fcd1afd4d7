import { useId, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { PatientSummary } from '../../../shared/api/patients';
import { useCan } from '../identity/identity-store';
import { MIN_QUERY_LENGTH, RESULT_LIMIT, searchableQuery, usePatientSearchStore } from './patient-search-store';
import { ageText, fullName, phoneText, SEX_LABEL } from './patient-text';
import './patients.css';

/**
 * One search box for every way staff find a patient: parts of the names in any
 * order, a phone number, an identifier or the patient number. Results come as
 * the user types (once typing pauses); ↑ ↓ choose one and Enter opens the chart.
 */
export function FindPatientScreen() {
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
        <h1 id="find-title">Find patient</h1>
        {canRegister && (
          <Link to="/patients/new" className="button">
            Register new patient
          </Link>
        )}
      </div>
      <div className="panel search-panel">
        <div className="field">
          <label htmlFor={`${id}-query`}>Search by name, phone, ID or patient number</label>
          <p className="hint" id={`${id}-hint`}>
            Any parts of the names in any order (e.g. “wanj amin”). Use ↑ and ↓ to choose a patient and Enter to open
            the chart; Esc clears.
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
              <span>Name</span>
              <span>Sex</span>
              <span>Age</span>
              <span>Patient number</span>
              <span>Phone</span>
            </div>
            <ul
              id={listId}
              role="listbox"
              aria-label="Patients found"
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
                  <span>{SEX_LABEL[patient.sex]}</span>
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
            Not registered yet? <Link to="/patients/new">Register new patient</Link>
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
  if (query === null) return `Type at least ${MIN_QUERY_LENGTH} characters.`;
  if (results === null || pending || searched !== query) return 'Searching…';
  if (results.length === 0) return `No patient matches “${query}”.`;
  if (results.length >= RESULT_LIMIT) return `The first ${results.length} matches. Type more to narrow the search.`;
  const count = results.length === 1 ? '1 patient' : `${results.length} patients`;
  return `${count} found. Use ↓ to choose${results.length === 1 ? ', or press Enter to open' : ''}.`;
}
