import { useEffect } from 'react';
import { Link } from 'react-router';
import { useCan } from '../identity/identity-store';
import { AlertList } from './AlertList';
import { useAlertsStore } from './alerts-store';
import { useTranslation } from 'react-i18next';

/** The admin home screen's list of open security alerts; they stay here until acknowledged. */
export function SecurityAlertsPanel() {
  const { t } = useTranslation();
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
          {t('alerts.securityAlertsPanel.securityAlerts')}
          {open !== null && open.length > 0 && (
            <span className="count-badge">{t('alerts.securityAlertsPanel.open', { length: open.length })}</span>
          )}
        </h2>
        <Link to="/alerts">{t('alerts.securityAlertsPanel.allAlertsIncludingAcknowledged')}</Link>
      </div>
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary" onClick={() => void load(false)}>
            {t('alerts.securityAlertsPanel.tryAgain')}
          </button>
        </div>
      )}
      {open === null && error === null && <p aria-live="polite">{t('alerts.securityAlertsPanel.loading')}</p>}
      {open !== null && open.length === 0 && (
        <p className="muted">{t('alerts.securityAlertsPanel.noOpenSecurityAlerts')}</p>
      )}
      {open !== null && open.length > 0 && <AlertList alerts={open} />}
    </section>
  );
}
