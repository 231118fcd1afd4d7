import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { SyncConflictView } from '../../../shared/api/sync';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { FormError } from '../ui/form';
import { columnLabel, conflictValueText, shortDeviceId, tableLabel } from './sync-text';
import { useSyncStore } from './sync-store';
import './sync.css';
import { useTranslation } from 'react-i18next';

/**
 * Concurrent edits that lost to a later one. Each stays in the log for good;
 * reviewing only marks that someone has looked. Values show only where core
 * says this user may see the record; otherwise the row says so and gives the
 * table, field, time and workstation.
 */
export function ConflictReviewScreen() {
  const { t } = useTranslation();
  const { conflicts, includeReviewed, conflictsError, loadConflicts } = useSyncStore();

  useEffect(() => {
    const store = useSyncStore.getState();
    void store.loadConflicts();
    // This workstation's id, to name its own overwritten edits.
    if (store.status === null) void store.refresh();
  }, []);

  return (
    <section aria-labelledby="conflicts-title" className="page page-wide">
      <p className="breadcrumb">
        <Link to="/sync">{t('sync.conflictReviewScreen.sync')}</Link>
      </p>
      <div className="page-heading">
        <h1 id="conflicts-title">{t('sync.conflictReviewScreen.conflictingEdits')}</h1>
        <label className="sync-toggle">
          <input
            type="checkbox"
            checked={includeReviewed}
            onChange={(event) => void loadConflicts(event.target.checked)}
          />
          {t('sync.conflictReviewScreen.showReviewedToo')}
        </label>
      </div>
      <p className="muted">{t('sync.conflictReviewScreen.twoWorkstationsChangedTheSame')}</p>
      {conflictsError !== null && (
        <p role="alert" className="form-error">
          {conflictsError}
        </p>
      )}
      {conflicts === null && conflictsError === null && (
        <p aria-live="polite">{t('sync.conflictReviewScreen.loading')}</p>
      )}
      {conflicts !== null && conflicts.length === 0 && (
        <p className="muted" data-testid="no-conflicts">
          {includeReviewed
            ? t('sync.conflictReviewScreen.noConflictingEditsSoFar')
            : t('sync.conflictReviewScreen.nothingToReview')}
        </p>
      )}
      {conflicts !== null && conflicts.length > 0 && <ConflictTable conflicts={conflicts} />}
    </section>
  );
}

function ConflictTable({ conflicts }: { conflicts: readonly SyncConflictView[] }) {
  const { t } = useTranslation();
  const canReadPatients = useCan('patients.read');
  const thisDevice = useSyncStore((store) => store.status?.deviceId ?? null);
  const markReviewed = useSyncStore((store) => store.markReviewed);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const review = async (id: string) => {
    setBusy(id);
    setError(null);
    const failure = await markReviewed(id);
    setBusy(null);
    if (failure !== null) setError(failure.message);
  };

  return (
    <>
      <FormError message={error} />
      <div className="table-scroll">
        <table className="table conflict-table" aria-labelledby="conflicts-title">
          <thead>
            <tr>
              <th scope="col">{t('sync.conflictReviewScreen.found')}</th>
              <th scope="col">{t('sync.conflictReviewScreen.record')}</th>
              <th scope="col">{t('sync.conflictReviewScreen.detail')}</th>
              <th scope="col">{t('sync.conflictReviewScreen.keptValue')}</th>
              <th scope="col">{t('sync.conflictReviewScreen.overwrittenValue')}</th>
              <th scope="col">{t('sync.conflictReviewScreen.overwrittenEditFrom')}</th>
              <th scope="col">{t('sync.conflictReviewScreen.review')}</th>
            </tr>
          </thead>
          <tbody>
            {conflicts.map((conflict) => (
              <tr key={conflict.id} data-testid="conflict-row">
                <td className="nowrap">
                  <time dateTime={conflict.detectedAt}>{formatDateTime(conflict.detectedAt)}</time>
                </td>
                <td>
                  {tableLabel(conflict.table)}
                  {conflict.patientId !== null && canReadPatients && (
                    <>
                      {' '}
                      <Link to={`/patients/${conflict.patientId}`}>{t('sync.conflictReviewScreen.openChart')}</Link>
                    </>
                  )}
                </td>
                <td>{columnLabel(conflict.column)}</td>
                {conflict.values === null ? (
                  <td colSpan={2} className="muted conflict-hidden">
                    {t('sync.conflictReviewScreen.hiddenYourRoleMayNot')}
                  </td>
                ) : (
                  <>
                    <td className="conflict-kept">{conflictValueText(conflict.values.winning)}</td>
                    <td className="conflict-lost">{conflictValueText(conflict.values.losing)}</td>
                  </>
                )}
                <td title={conflict.losingDeviceId}>
                  {conflict.losingDeviceId === thisDevice ? (
                    t('sync.conflictReviewScreen.thisWorkstation')
                  ) : (
                    <span className="mono">{shortDeviceId(conflict.losingDeviceId)}</span>
                  )}
                </td>
                <td>
                  {conflict.reviewedAt === null ? (
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy === conflict.id}
                      onClick={() => void review(conflict.id)}
                    >
                      {t('sync.conflictReviewScreen.markReviewed')}
                    </button>
                  ) : (
                    <span className="tag tag-muted">
                      {t('sync.conflictReviewScreen.reviewed', { reviewedAt: formatDateTime(conflict.reviewedAt) })}
                      {conflict.reviewedByName !== null &&
                        t('sync.conflictReviewScreen.by', { reviewedByName: conflict.reviewedByName })}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
