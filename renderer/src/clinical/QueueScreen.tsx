import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { QueueEntry } from '../../../shared/api/visits';
import { useCan } from '../identity/identity-store';
import { Notice } from '../ui/form';
import { formatClock } from '../ui/local-time';
import { fullName } from '../patients/patient-text';
import {
  attendanceLabel,
  QUEUE_STAGES,
  ageSexText,
  chartPath,
  isLongWait,
  stageLabel,
  visitPath,
  waitingText,
  workspaceFor,
} from './clinical-text';
import { QUEUE_REFRESH_MIN_MS, useQueueStore, type QueueView } from './queue-store';
import { Trans, useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

const VIEWS: readonly QueueView[] = ['mine', ...QUEUE_STAGES];

const viewLabel = (view: QueueView) => (view === 'mine' ? i18n.t('clinical.text.yourQueue') : stageLabel(view));

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/** The notice another screen passed along in the navigation state (e.g. "sent to the clinician"), if any. */
function noticeFrom(state: unknown): string | null {
  if (typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string') {
    return state.notice;
  }
  return null;
}

/**
 * Keeps the list current without filling the audit trail: read when the
 * screen opens and when the window comes back into view, then every 30
 * seconds only while someone is using this screen — an unattended queue
 * neither reads patient lists nor keeps the session from locking.
 */
function useQueueUpkeep(view: QueueView): void {
  useEffect(() => {
    const store = useQueueStore.getState();
    void store.load(view);
    let activeSince = Date.now();
    let lastActivity = Date.now();
    const onActivity = () => {
      lastActivity = Date.now();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void useQueueStore.getState().load(view);
    };
    const onFocus = () => void useQueueStore.getState().load(view);
    const timer = window.setInterval(() => {
      if (lastActivity > activeSince && document.visibilityState === 'visible') {
        activeSince = Date.now();
        void useQueueStore.getState().load(view);
      }
    }, QUEUE_REFRESH_MIN_MS);
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, options);
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, options);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [view]);
}

/** The time now, moved on every 30 seconds, for waiting times. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * The facility queue (encounters.read): by default the stages the user's role
 * works at, as core decides; tabs show any other stage. Each entry opens the
 * visit at the screen for its stage.
 */
export function QueueScreen() {
  const { t } = useTranslation();
  const location = useLocation();
  const { view, entries, readAt, loading, problem, load } = useQueueStore();
  const [notice] = useState(() => noticeFrom(location.state));
  useQueueUpkeep(view);
  const now = useNow();
  // The list may be older than the clock: the wait is counted to whichever is later.
  const waitNow = Math.max(now, readAt ?? 0);

  return (
    <section aria-labelledby="queue-title" className="page page-wide">
      <div className="page-heading">
        <h1 id="queue-title">{t('clinical.queueScreen.queue')}</h1>
        <div className="heading-actions">
          {readAt !== null && (
            <span className="muted queue-updated" aria-live="polite">
              {t('clinical.queueScreen.updated', { value: formatClock(new Date(readAt)) })}
            </span>
          )}
          <button
            type="button"
            className="secondary"
            disabled={loading}
            onClick={() => void load(view, { force: true })}
          >
            {loading ? t('clinical.queueScreen.refreshing') : t('clinical.queueScreen.refresh')}
          </button>
        </div>
      </div>
      <Notice message={notice} />
      <QueueTabs view={view} onChoose={(next) => void load(next)} />
      <div role="tabpanel" id="queue-panel" aria-labelledby={`queue-tab-${view}`} className="queue-panel">
        {problem !== null && (
          <p role="alert" className="form-error">
            {problem}
          </p>
        )}
        {entries === null && problem === null && <p aria-live="polite">{t('clinical.queueScreen.loading')}</p>}
        {entries !== null && entries.length === 0 && (
          <p className="queue-empty" data-testid="queue-empty">
            {view === 'mine'
              ? t('clinical.queueScreen.nobodyIsWaitingAtYour')
              : t('clinical.queueScreen.nobodyIsWaitingAt', { value: stageLabel(view).toLowerCase() })}
          </p>
        )}
        {entries !== null && entries.length > 0 && (
          <QueueTable entries={entries} showStage={view === 'mine'} now={waitNow} />
        )}
      </div>
    </section>
  );
}

/** Tabs with manual activation: arrows move between them, Enter or Space opens one (each opening is a read). */
function QueueTabs({ view, onChoose }: { view: QueueView; onChoose(view: QueueView): void }) {
  const { t } = useTranslation();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.current.findIndex((tab) => tab === document.activeElement);
    if (index < 0) return;
    const last = VIEWS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % VIEWS.length
        : event.key === 'ArrowLeft'
          ? (index + last) % VIEWS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    tabs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={t('clinical.queueScreen.queueStages')} className="tabs" onKeyDown={onKeyDown}>
      {VIEWS.map((item, index) => (
        <button
          key={item}
          ref={(element) => {
            tabs.current[index] = element;
          }}
          type="button"
          role="tab"
          id={`queue-tab-${item}`}
          aria-selected={item === view}
          aria-controls="queue-panel"
          tabIndex={item === view ? 0 : -1}
          className="tab"
          onClick={() => onChoose(item)}
        >
          {viewLabel(item)}
        </button>
      ))}
    </div>
  );
}

function QueueTable({ entries, showStage, now }: { entries: readonly QueueEntry[]; showStage: boolean; now: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canReadCharts = useCan('patients.read');
  const body = useRef<HTMLTableSectionElement>(null);

  // ↑ and ↓ move between patients; Enter opens (each name is a link).
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...(body.current?.querySelectorAll<HTMLAnchorElement>('a[data-open-visit]') ?? [])];
    const index = links.findIndex((link) => link === document.activeElement);
    const next = event.key === 'ArrowDown' ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0);
    if (index < 0 && event.key === 'ArrowUp') return;
    event.preventDefault();
    links[index < 0 ? 0 : next]?.focus();
  };

  return (
    <>
      <p className="hint queue-keys">
        {t('clinical.queueScreen.longestWaitFirstKeys', {
          value: t('clinical.text.patientsWaiting', { count: entries.length }),
        })}
        <Trans i18nKey="clinical.queueScreen.keys" components={{ kbd: <kbd /> }} />
      </p>
      <table className="table queue-table" aria-labelledby="queue-title">
        <thead>
          <tr>
            <th scope="col">{t('clinical.queueScreen.patient')}</th>
            <th scope="col">{t('clinical.queueScreen.ageSex')}</th>
            <th scope="col">{t('clinical.queueScreen.patientNo')}</th>
            <th scope="col">{t('clinical.queueScreen.waiting')}</th>
            <th scope="col">{t('clinical.queueScreen.attendance')}</th>
            {showStage && <th scope="col">{t('clinical.queueScreen.stage')}</th>}
            {canReadCharts && (
              <th scope="col">
                <span className="visually-hidden">{t('clinical.queueScreen.chart')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown}>
          {entries.map((entry) => {
            const to = visitPath(entry, workspaceFor(entry.stage));
            const name = fullName(entry.patient);
            return (
              <tr
                key={entry.id}
                className="queue-row"
                onClick={(event) => {
                  // A click anywhere on the row opens the visit, except on its own links.
                  if (!(event.target instanceof Element) || event.target.closest('a') === null) void navigate(to);
                }}
              >
                <th scope="row">
                  <Link to={to} data-open-visit="" className="queue-name">
                    {name}
                  </Link>
                  {entry.referredFrom !== null && (
                    <span className="queue-sub">
                      {t('clinical.queueScreen.referredFrom', { referredFrom: entry.referredFrom })}
                    </span>
                  )}
                </th>
                <td className="nowrap">{ageSexText(entry.patient)}</td>
                <td className="mono nowrap">{entry.patient.patientNumber}</td>
                <td className="nowrap">
                  <span className={isLongWait(entry.checkedInAt, now) ? 'wait wait-long' : 'wait'}>
                    {waitingText(entry.checkedInAt, now)}
                  </span>
                  <span className="queue-sub">
                    {t('clinical.queueScreen.since', { checkedInAt: formatClock(entry.checkedInAt) })}
                  </span>
                </td>
                <td>
                  <span className={entry.attendance === 'new' ? 'tag tag-granted' : 'tag tag-muted'}>
                    {attendanceLabel(entry.attendance)}
                  </span>
                </td>
                {showStage && <td>{stageLabel(entry.stage)}</td>}
                {canReadCharts && (
                  <td className="row-actions">
                    <Link to={chartPath(entry.patientId)} aria-label={t('clinical.queueScreen.chartOf', { name })}>
                      {t('clinical.queueScreen.chart')}
                    </Link>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
