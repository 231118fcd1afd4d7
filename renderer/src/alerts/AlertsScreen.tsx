import { Fragment, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { alertThresholds } from '../../../shared/api/alerts';
import { clinic } from '../clinic';
import { useCan } from '../identity/identity-store';
import { useUsersStore } from '../users/users-store';
import { NumberSettingsForm } from '../ui/NumberSettingsForm';
import { LoadState, useCommandValue } from '../ui/use-command-value';
import { AlertList } from './AlertList';
import { useAlertsStore } from './alerts-store';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** Every security alert, open and acknowledged, and the thresholds that raise them. */
export function AlertsScreen() {
  const { t } = useTranslation();
  const { alerts, includeAcknowledged, error, load } = useAlertsStore();
  const canReadUsers = useCan('users.read');
  const users = useUsersStore((store) => store.users);
  const [show, setShow] = useState<'all' | 'open'>('all');

  useEffect(() => {
    void useAlertsStore.getState().load(true);
    if (canReadUsers) void useUsersStore.getState().load();
  }, [canReadUsers]);

  const userNames = useMemo(() => new Map((users ?? []).map((user) => [user.id, user.displayName])), [users]);
  const listed = includeAcknowledged ? alerts : null;
  const shown = listed?.filter((alert) => show === 'all' || alert.acknowledgedAt === null) ?? null;
  const openCount = listed?.filter((alert) => alert.acknowledgedAt === null).length ?? 0;

  return (
    <section aria-labelledby="alerts-title" className="page">
      <p className="breadcrumb">
        <Link to="/">{t('alerts.alertsScreen.home')}</Link> ›
      </p>
      <div className="page-heading">
        <h1 id="alerts-title">{t('alerts.alertsScreen.securityAlerts')}</h1>
        {listed !== null && (
          <span className={openCount > 0 ? 'tag tag-alert' : 'tag tag-ok'}>
            {openCount === 0 ? t('alerts.alertsScreen.noneOpen') : t('alerts.alertsScreen.open', { openCount })}
          </span>
        )}
      </div>
      <p>{t('alerts.alertsScreen.raisedFromTheAuditTrail')}</p>
      <fieldset className="segmented">
        <legend>{t('alerts.alertsScreen.show')}</legend>
        <label>
          <input type="radio" name="alerts-show" checked={show === 'all'} onChange={() => setShow('all')} />
          {t('alerts.alertsScreen.allAlerts')}
        </label>
        <label>
          <input type="radio" name="alerts-show" checked={show === 'open'} onChange={() => setShow('open')} />
          {t('alerts.alertsScreen.openOnly')}
        </label>
      </fieldset>
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary align-start" onClick={() => void load(true)}>
            {t('alerts.alertsScreen.tryAgain')}
          </button>
        </div>
      )}
      {shown === null && error === null && <p aria-live="polite">{t('alerts.alertsScreen.loading')}</p>}
      {shown !== null && shown.length === 0 && (
        <p className="muted">
          {show === 'open' ? t('alerts.alertsScreen.noOpenAlerts') : t('alerts.alertsScreen.noAlertsHaveBeenRaised')}
        </p>
      )}
      {shown !== null && shown.length > 0 && <AlertList alerts={shown} userNames={userNames} />}
      <ThresholdsPanel />
    </section>
  );
}

const FIELD_NAMES = ['failedLoginsIn15Minutes', 'recordViewsPerHour', 'exportRows'] as const;

/** The threshold fields in the UI language at render time. */
const thresholdFields = (t: TFunction) =>
  FIELD_NAMES.map((name) => ({
    name,
    label: t(`alerts.alertsScreen.threshold.${name}.label`),
    hint: t(`alerts.alertsScreen.threshold.${name}.hint`),
  }));

function ThresholdsPanel() {
  const { t } = useTranslation();
  const canEdit = useCan('settings.security');
  const thresholds = useCommandValue(() => clinic().alerts.getThresholds({}));

  return (
    <section className="panel thresholds-panel" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">{t('alerts.alertsScreen.alertThresholds')}</h2>
      <LoadState loading={thresholds.value === null} error={thresholds.error} />
      {thresholds.value !== null &&
        (canEdit ? (
          <NumberSettingsForm
            shape={alertThresholds.shape}
            fields={thresholdFields(t)}
            initial={thresholds.value}
            save={(values) => clinic().alerts.setThresholds(values)}
            onSaved={thresholds.setValue}
            submitLabel={t('alerts.alertsScreen.saveThresholds')}
            savedNotice={t('alerts.alertsScreen.savedNewAuditEntriesAre')}
            grid
          />
        ) : (
          <dl className="facts facts-plain">
            {thresholdFields(t).map((field) => (
              <Fragment key={field.name}>
                <dt>{field.label}</dt>
                <dd>{thresholds.value?.[field.name]}</dd>
              </Fragment>
            ))}
          </dl>
        ))}
    </section>
  );
}
