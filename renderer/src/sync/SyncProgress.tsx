import type { SyncProgressView } from '../../../shared/api/sync';
import { progressPercent, progressText } from './sync-text';
import { useTranslation } from 'react-i18next';

/**
 * A labelled progress bar: with a value when the total is known, otherwise
 * moving without one. The text next to it says the same for screen readers.
 */
export function SyncProgressBar({ progress, label }: { progress: SyncProgressView | null; label: string }) {
  const { t } = useTranslation();
  const percent = progressPercent(progress);
  return (
    <div className="sync-progress">
      {percent === null ? <progress aria-label={label} /> : <progress aria-label={label} max={100} value={percent} />}
      <p className="sync-progress-text" aria-live="polite" data-testid="sync-progress-text">
        {progress === null ? t('sync.syncProgress.starting') : progressText(progress)}
        {percent !== null && ` (${percent}%)`}
      </p>
    </div>
  );
}
