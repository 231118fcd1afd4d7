import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useCan } from '../identity/identity-store';
import { describeSyncStatus } from './sync-text';
import { useSyncStore } from './sync-store';
import './sync.css';
import { useTranslation } from 'react-i18next';

/**
 * How often the status is read: every read is an audit entry (and so itself a
 * change to sync), so as coarsely as the session poll, and a little more
 * often only while a run shows progress.
 */
export const SYNC_POLL_RUNNING_MS = 2_000;
export const SYNC_POLL_IDLE_MS = 30_000;

/** Keeps sync.status current while `enabled`, faster while a run is under way. */
export function useSyncPolling(enabled: boolean): void {
  const running = useSyncStore((store) => store.status?.running === true);
  useEffect(() => {
    if (!enabled) return;
    void useSyncStore.getState().refresh();
    const timer = window.setInterval(
      () => void useSyncStore.getState().refresh(),
      running ? SYNC_POLL_RUNNING_MS : SYNC_POLL_IDLE_MS,
    );
    return () => window.clearInterval(timer);
  }, [enabled, running]);
}

/**
 * The time to measure "synced 2 minutes ago" from: the later of the last
 * status read and a clock ticking every 30 s, so the words age between reads.
 */
export function useSyncNow(): number {
  const readAt = useSyncStore((store) => store.readAt);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setTick(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(readAt, tick);
}

/** The header's sync chip: online or offline, waiting changes, last sync, a wrong clock. Links to the sync screen. */
export function SyncHeaderStatus() {
  const { t } = useTranslation();
  const canView = useCan('sync.view');
  useSyncPolling(canView);
  const status = useSyncStore((store) => store.status);
  const now = useSyncNow();
  if (!canView || status === null || !status.configured) return null;
  const text = describeSyncStatus(status, now);
  return (
    <Link
      to="/sync"
      className={`sync-chip sync-chip-${text.tone}`}
      title={text.sentence}
      aria-label={t('sync.syncIndicator.sync', { sentence: text.sentence })}
      data-testid="sync-chip"
    >
      <span className="sync-dot" aria-hidden="true" />
      {text.short}
      {status.clockSkewWarning && text.tone !== 'warning' && (
        <span className="sync-chip-flag">{t('sync.syncIndicator.clockWrong')}</span>
      )}
    </Link>
  );
}
