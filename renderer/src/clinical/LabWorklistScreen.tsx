import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import type { LabWorklistEntry } from '../../../shared/api/labs';
import { useCan } from '../identity/identity-store';
import { fullName } from '../patients/patient-text';
import { formatClock } from '../ui/local-time';
import { ageSexText, chartPath, isLongWait, visitPath, waitingText } from './clinical-text';
import { useLabWorklistStore } from './lab-worklist-store';
import { LabWorkItem } from './LabWorkItem';
import { useReferenceStore } from './reference-store';
import './clinical.css';
import { useTranslation } from 'react-i18next';

type Group = 'sample' | 'result' | 'done';

// Titles and empty-list lines are under clinical.labWorklistScreen.group.<group>, read at render time.
const GROUPS: readonly Group[] = ['sample', 'result', 'done'];

function groupOf(entry: LabWorklistEntry): Group {
  if (entry.status === 'ordered') return 'sample';
  if (entry.status === 'collected') return 'result';
  return 'done';
}

/** Patient, number, test or specimen words, in any order. */
function matches(entry: LabWorklistEntry, words: readonly string[]): boolean {
  const text =
    `${fullName(entry.patient)} ${entry.patient.patientNumber} ${entry.testName} ${entry.testCode}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/**
 * The laboratory's worklist (labs.worklist): open orders across patients,
 * oldest first, as core lists them for the user's sensitivity scope. The lab
 * records the sample, enters the result, or cancels a test with a reason
 * right here; what was done stays in view until the list is read again.
 */
export function LabWorklistScreen() {
  const { t } = useTranslation();
  const { entries, readAt, loading, problem, load, put } = useLabWorklistStore();
  const loadLabTests = useReferenceStore((store) => store.loadLabTests);
  const filterId = useId();
  const [filter, setFilter] = useState('');
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    void useLabWorklistStore.getState().load();
    void loadLabTests();
  }, [loadLabTests]);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);

  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (entries ?? []).filter((entry) => matches(entry, words));
  const waitNow = Math.max(now, readAt ?? 0);
  const open = (entries ?? []).filter((entry) => groupOf(entry) !== 'done').length;

  return (
    <section aria-labelledby="worklist-title" className="page page-wide">
      <div className="page-heading">
        <h1 id="worklist-title">{t('clinical.labWorklistScreen.labWorklist')}</h1>
        <div className="heading-actions">
          {readAt !== null && (
            <span className="muted queue-updated" aria-live="polite">
              {t('clinical.labWorklistScreen.updated', { value: formatClock(new Date(readAt)) })}
            </span>
          )}
          <button type="button" className="secondary" disabled={loading} onClick={() => void load()}>
            {loading ? t('clinical.labWorklistScreen.refreshing') : t('clinical.labWorklistScreen.refresh')}
          </button>
        </div>
      </div>
      {problem !== null && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      {entries === null && problem === null && <p aria-live="polite">{t('clinical.labWorklistScreen.loading')}</p>}
      {entries !== null && (
        <>
          <div className="field worklist-filter">
            <label htmlFor={filterId}>{t('clinical.labWorklistScreen.findAPatientOrTest')}</label>
            <input
              id={filterId}
              type="search"
              autoComplete="off"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
            <p className="hint" data-testid="worklist-count" aria-live="polite">
              {open === 0
                ? t('clinical.labWorklistScreen.nothingWaitingAtTheLab')
                : t('clinical.labWorklistScreen.waitingOldestFirst', { count: open })}
              {words.length > 0 && t('clinical.labWorklistScreen.shown', { length: shown.length })}
            </p>
          </div>
          {GROUPS.map((group) => {
            const list = shown.filter((entry) => groupOf(entry) === group);
            if (group === 'done' && list.length === 0) return null;
            return (
              <section key={group} className="panel" aria-labelledby={`worklist-${group}`}>
                <div className="panel-heading">
                  <h2 id={`worklist-${group}`}>{t(`clinical.labWorklistScreen.group.${group}.title`)}</h2>
                  <span className="muted">{list.length}</span>
                </div>
                {list.length === 0 && group !== 'done' && (
                  <p className="muted">{t(`clinical.labWorklistScreen.group.${group}.empty`)}</p>
                )}
                <ol className="record-list lab-work" aria-labelledby={`worklist-${group}`}>
                  {list.map((entry) => (
                    <LabWorkItem
                      key={entry.id}
                      order={entry}
                      visitOpen={!entry.visitClosed}
                      onChange={put}
                      heading={<WorklistPatient entry={entry} now={waitNow} />}
                      label={t('clinical.labWorklistScreen.for', {
                        testName: entry.testName,
                        patient: fullName(entry.patient),
                      })}
                    />
                  ))}
                </ol>
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}

/** Whose test it is, how long it has waited, and where to open the visit or the chart. */
function WorklistPatient({ entry, now }: { entry: LabWorklistEntry; now: number }) {
  const { t } = useTranslation();
  const canReadCharts = useCan('patients.read');
  const name = fullName(entry.patient);
  return (
    <p className="worklist-patient">
      <strong>{name}</strong> <span className="muted">{ageSexText(entry.patient)}</span>{' '}
      <span className="mono">{entry.patient.patientNumber}</span>{' '}
      {(entry.status === 'ordered' || entry.status === 'collected') && (
        <span className={isLongWait(entry.orderedAt, now) ? 'wait wait-long' : 'wait'}>
          {t('clinical.labWorklistScreen.waiting', { orderedAt: waitingText(entry.orderedAt, now) })}
        </span>
      )}
      {entry.visitClosed && (
        <span className="tag tag-warning">{t('clinical.labWorklistScreen.visitClosedPatientHasLeft')}</span>
      )}
      <span className="row-actions">
        <Link
          to={visitPath({ id: entry.visitId }, 'lab')}
          aria-label={t('clinical.labWorklistScreen.openTheLabVisitScreen', { name })}
        >
          {t('clinical.labWorklistScreen.visit')}
        </Link>
        {canReadCharts && (
          <Link to={chartPath(entry.patientId)} aria-label={t('clinical.labWorklistScreen.chartOf', { name })}>
            {t('clinical.labWorklistScreen.chart')}
          </Link>
        )}
      </span>
    </p>
  );
}
