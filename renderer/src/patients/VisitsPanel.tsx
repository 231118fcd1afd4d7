import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { VisitView } from '../../../shared/api/visits';
import { visitsContract } from '../../../shared/api/visits';
import { visitPath, workspaceFor } from '../clinical/clinical-text';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { FieldError, FormError, Notice } from '../ui/form';
import { useChartStore } from './chart-store';
import { VisitDetails } from './VisitDetails';
import { attendanceText, visitStateText } from './visit-text';
import { useTranslation } from 'react-i18next';

/** The patient's visits, newest first, each opening onto its vitals, diagnoses and notes; and checking in. */
export function VisitsPanel({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const section = useChartStore((store) => store.visits);
  const canCheckIn = useCan('encounters.create');
  const visits = section.value;
  const open = visits?.find((visit) => visit.closedAt === null) ?? null;
  // The open visit starts expanded: that is the one staff came for.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const isExpanded = (visit: VisitView) =>
    expanded.has(visit.id) || (visit.closedAt === null && !collapsed.has(visit.id));
  const [notice, setNotice] = useState<string | null>(null);
  const toggle = (visit: VisitView) => {
    const shown = isExpanded(visit);
    setExpanded((ids) => withOrWithout(ids, visit.id, !shown));
    setCollapsed((ids) => withOrWithout(ids, visit.id, shown));
  };

  return (
    <section className="panel chart-panel" aria-labelledby="visits-title">
      <h2 id="visits-title">{t('patients.visitsPanel.visits')}</h2>
      {canCheckIn && visits !== null && open === null && <CheckInForm patientId={patientId} onCheckedIn={setNotice} />}
      <Notice message={notice} />
      {section.error !== null && (
        <p role="alert" className="form-error">
          {section.error}
        </p>
      )}
      {visits === null && section.error === null && <p aria-live="polite">{t('patients.visitsPanel.loading')}</p>}
      {visits !== null && visits.length === 0 && (
        <p className="muted">{t('patients.visitsPanel.visitsAppearHereOnceThe')}</p>
      )}
      {visits !== null && visits.length > 0 && (
        <ol className="timeline" aria-label={t('patients.visitsPanel.visitsNewestFirst')}>
          {visits.map((visit) => (
            <VisitItem key={visit.id} visit={visit} expanded={isExpanded(visit)} onToggle={() => toggle(visit)} />
          ))}
        </ol>
      )}
    </section>
  );
}

function withOrWithout(ids: ReadonlySet<string>, id: string, include: boolean): ReadonlySet<string> {
  const next = new Set(ids);
  if (include) next.add(id);
  else next.delete(id);
  return next;
}

function VisitItem({ visit, expanded, onToggle }: { visit: VisitView; expanded: boolean; onToggle(): void }) {
  const { t } = useTranslation();
  const id = useId();
  const isOpen = visit.closedAt === null;
  return (
    <li className={isOpen ? 'timeline-item timeline-open' : 'timeline-item'}>
      <button
        type="button"
        className="timeline-toggle"
        aria-expanded={expanded}
        aria-controls={`${id}-details`}
        onClick={onToggle}
      >
        <span className="timeline-when">{formatDateTime(visit.checkedInAt)}</span>
        <span className={isOpen ? 'tag tag-granted' : 'tag tag-muted'}>{visitStateText(visit)}</span>
        <span className="timeline-chevron" aria-hidden="true">
          {expanded ? '▾' : '▸'}
        </span>
      </button>
      <p className="timeline-meta">
        {attendanceText(visit)}
        {visit.closedAt !== null && t('patients.visitsPanel.closed', { closedAt: formatDateTime(visit.closedAt) })}
        {isOpen && (
          <>
            {' · '}
            <Link to={visitPath(visit, workspaceFor(visit.stage))}>{t('patients.visitsPanel.goToTheVisit')}</Link>
          </>
        )}
      </p>
      <div id={`${id}-details`} hidden={!expanded}>
        {expanded && <VisitDetails visitId={visit.id} />}
      </div>
    </li>
  );
}

const referredFrom = visitsContract['visits.checkIn'].input.shape.referredFrom.unwrap();

/** Check-in for an outpatient visit; core refuses a second open visit, or a clerk who is not clocked in. */
function CheckInForm({ patientId, onCheckedIn }: { patientId: string; onCheckedIn(message: string): void }) {
  const { t } = useTranslation();
  const id = useId();
  const [referral, setReferral] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setFieldError(undefined);
    const from = referral.trim();
    if (from !== '' && !referredFrom.safeParse(from).success) {
      setFieldError(t('patients.visitsPanel.referringFacility'));
      return;
    }
    setBusy(true);
    const result = await runCommand(() =>
      clinic().visits.checkIn(from === '' ? { patientId } : { patientId, referredFrom: from }),
    );
    setBusy(false);
    if (!result.ok) {
      // NO_ACTIVE_SHIFT, an open visit already (CONFLICT)…: core's message says what to do.
      const issue = result.issues?.find((candidate) => candidate.path === 'referredFrom');
      if (issue !== undefined) setFieldError(issue.message);
      else setError(result.message);
      if (result.code === 'CONFLICT') void useChartStore.getState().reloadSection('visits');
      return;
    }
    setReferral('');
    onCheckedIn(t('patients.visitsPanel.checkedIn', { at: formatDateTime(result.value.checkedInAt) }));
    const chart = useChartStore.getState();
    await Promise.all([chart.reloadSection('visits'), chart.reloadSection('appointments')]);
  };

  return (
    <form
      className="check-in"
      aria-label={t('patients.visitsPanel.checkIn')}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      <div className="field check-in-field">
        <label htmlFor={`${id}-from`}>{t('patients.visitsPanel.referredFromOptional')}</label>
        <input
          id={`${id}-from`}
          value={referral}
          onChange={(event) => setReferral(event.target.value)}
          autoComplete="off"
          aria-invalid={fieldError !== undefined}
          aria-describedby={fieldError === undefined ? undefined : `${id}-from-error`}
        />
        <FieldError id={`${id}-from-error`} message={fieldError} />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? t('patients.visitsPanel.checkingIn') : t('patients.visitsPanel.checkInForAVisit')}
      </button>
      <div className="check-in-messages">
        <FormError message={error} />
      </div>
    </form>
  );
}
