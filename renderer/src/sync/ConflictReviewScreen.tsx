import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { SyncConflictView } from '../../../shared/api/sync';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { FormError } from '../ui/form';
import { columnLabel, conflictValueText, shortDeviceId, tableLabel } from './sync-text';
import { useSyncStore } from './sync-store';
import './sync.css';

/**
 * Concurrent edits that lost to a later one. Each stays in the log for good;
 * reviewing only marks that someone has looked. Values show only where core
 * says this user may see the record; otherwise the row says so and gives the
 * table, field, time and workstation.
 */
export function ConflictReviewScreen() {
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
        <Link to="/sync">Sync</Link>
      </p>
      <div className="page-heading">
        <h1 id="conflicts-title">Conflicting edits</h1>
        <label className="sync-toggle">
          <input
            type="checkbox"
            checked={includeReviewed}
            onChange={(event) => void loadConflicts(event.target.checked)}
          />{' '}
          Show reviewed too
        </label>
      </div>
      <p className="muted">
        Two workstations changed the same detail while they could not sync. The later change was kept everywhere; the
        other is shown here. If the kept value is wrong, correct the record itself, then mark the conflict reviewed.
      </p>
      {conflictsError !== null && (
        <p role="alert" className="form-error">
          {conflictsError}
        </p>
      )}
      {conflicts === null && conflictsError === null && <p aria-live="polite">Loading…</p>}
      {conflicts !== null && conflicts.length === 0 && (
        <p className="muted" data-testid="no-conflicts">
          {includeReviewed ? 'No conflicting edits so far.' : 'Nothing to review.'}
        </p>
      )}
      {conflicts !== null && conflicts.length > 0 && <ConflictTable conflicts={conflicts} />}
    </section>
  );
}

function ConflictTable({ conflicts }: { conflicts: readonly SyncConflictView[] }) {
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
              <th scope="col">Found</th>
              <th scope="col">Record</th>
              <th scope="col">Detail</th>
              <th scope="col">Kept value</th>
              <th scope="col">Overwritten value</th>
              <th scope="col">Overwritten edit from</th>
              <th scope="col">Review</th>
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
                      <Link to={`/patients/${conflict.patientId}`}>Open chart</Link>
                    </>
                  )}
                </td>
                <td>{columnLabel(conflict.column)}</td>
                {conflict.values === null ? (
                  <td colSpan={2} className="muted conflict-hidden">
                    Hidden: your role may not see this record.
                  </td>
                ) : (
                  <>
                    <td className="conflict-kept">{conflictValueText(conflict.values.winning)}</td>
                    <td className="conflict-lost">{conflictValueText(conflict.values.losing)}</td>
                  </>
                )}
                <td title={conflict.losingDeviceId}>
                  {conflict.losingDeviceId === thisDevice ? (
                    'This workstation'
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
                      Mark reviewed
                    </button>
                  ) : (
                    <span className="tag tag-muted">
                      Reviewed {formatDateTime(conflict.reviewedAt)}
                      {conflict.reviewedByName !== null && ` by ${conflict.reviewedByName}`}
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
