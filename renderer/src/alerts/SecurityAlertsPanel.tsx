import { useEffect } from 'react';
import { Link } from 'react-router';
import { useCan } from '../identity/identity-store';
import { AlertList } from './AlertList';
import { useAlertsStore } from './alerts-store';

/** The admin home screen's list of open security alerts; they stay here until acknowledged. */
export function SecurityAlertsPanel() {
  const canView = useCan('alerts.view');
  const { alerts, includeAcknowledged, error, load } = useAlertsStore();

  useEffect(() => {
    if (canView) void useAlertsStore.getState().load(false);
  }, [canView]);

  if (!canView) return null;
  const open = includeAcknowledged ? null : alerts;
  return (
    <section
      className={open !== null && open.length > 0 ? 'panel alerts-panel alerts-panel-raised' : 'panel alerts-panel'}
      aria-labelledby="home-alerts-title"
    >
      <div className="panel-heading">
        <h2 id="home-alerts-title">
          Security alerts
          {open !== null && open.length > 0 && <span className="count-badge">{open.length} open</span>}
        </h2>
        <Link to="/alerts">All alerts, including acknowledged</Link>
      </div>
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary" onClick={() => void load(false)}>
            Try again
          </button>
        </div>
      )}
      {open === null && error === null && <p aria-live="polite">Loading…</p>}
      {open !== null && open.length === 0 && <p className="muted">No open security alerts.</p>}
      {open !== null && open.length > 0 && <AlertList alerts={open} />}
    </section>
  );
}
