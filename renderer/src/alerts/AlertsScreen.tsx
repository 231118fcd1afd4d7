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

/** Every security alert, open and acknowledged, and the thresholds that raise them. */
export function AlertsScreen() {
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
        <Link to="/">Home</Link> ›
      </p>
      <div className="page-heading">
        <h1 id="alerts-title">Security alerts</h1>
        {listed !== null && (
          <span className={openCount > 0 ? 'tag tag-alert' : 'tag tag-ok'}>
            {openCount === 0 ? 'None open' : `${openCount} open`}
          </span>
        )}
      </div>
      <p>
        Raised from the audit trail: repeated failed sign-ins, records opened outside a shift, many records opened in an
        hour, large exports and every use of emergency access. Open alerts stay on the home screen until someone
        acknowledges them.
      </p>
      <fieldset className="segmented">
        <legend>Show</legend>
        <label>
          <input type="radio" name="alerts-show" checked={show === 'all'} onChange={() => setShow('all')} />
          All alerts
        </label>
        <label>
          <input type="radio" name="alerts-show" checked={show === 'open'} onChange={() => setShow('open')} />
          Open only
        </label>
      </fieldset>
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary align-start" onClick={() => void load(true)}>
            Try again
          </button>
        </div>
      )}
      {shown === null && error === null && <p aria-live="polite">Loading…</p>}
      {shown !== null && shown.length === 0 && (
        <p className="muted">{show === 'open' ? 'No open alerts.' : 'No alerts have been raised.'}</p>
      )}
      {shown !== null && shown.length > 0 && <AlertList alerts={shown} userNames={userNames} />}
      <ThresholdsPanel />
    </section>
  );
}

const FIELDS = [
  {
    name: 'failedLoginsIn15Minutes',
    label: 'Failed sign-ins within 15 minutes',
    hint: 'An alert is raised when one username fails this many times.',
  },
  {
    name: 'recordViewsPerHour',
    label: 'Patient records opened in an hour',
    hint: 'An alert is raised when one user opens more than this.',
  },
  { name: 'exportRows', label: 'Rows in one export', hint: 'An alert is raised for any export larger than this.' },
] as const;

function ThresholdsPanel() {
  const canEdit = useCan('settings.security');
  const thresholds = useCommandValue(() => clinic().alerts.getThresholds({}));

  return (
    <section className="panel thresholds-panel" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">Alert thresholds</h2>
      <LoadState loading={thresholds.value === null} error={thresholds.error} />
      {thresholds.value !== null &&
        (canEdit ? (
          <NumberSettingsForm
            shape={alertThresholds.shape}
            fields={FIELDS}
            initial={thresholds.value}
            save={(values) => clinic().alerts.setThresholds(values)}
            onSaved={thresholds.setValue}
            submitLabel="Save thresholds"
            savedNotice="Saved. New audit entries are checked against these thresholds."
            grid
          />
        ) : (
          <dl className="facts facts-plain">
            {FIELDS.map((field) => (
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
