import { zodResolver } from '@hookform/resolvers/zod';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { z } from 'zod';
import { alertThresholds, type AlertThresholds } from '../../../shared/api/alerts';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan } from '../identity/identity-store';
import { useUsersStore } from '../users/users-store';
import { between, rangeText } from '../ui/bounds';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, TextField } from '../ui/form';
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

const thresholdsForm = z.object({
  failedLoginsIn15Minutes: between(alertThresholds.shape.failedLoginsIn15Minutes),
  recordViewsPerHour: between(alertThresholds.shape.recordViewsPerHour),
  exportRows: between(alertThresholds.shape.exportRows),
});
const FIELDS = ['failedLoginsIn15Minutes', 'recordViewsPerHour', 'exportRows'] as const;
const LABELS: Record<(typeof FIELDS)[number], { label: string; hint: string }> = {
  failedLoginsIn15Minutes: {
    label: 'Failed sign-ins within 15 minutes',
    hint: 'An alert is raised when one username fails this many times.',
  },
  recordViewsPerHour: {
    label: 'Patient records opened in an hour',
    hint: 'An alert is raised when one user opens more than this.',
  },
  exportRows: { label: 'Rows in one export', hint: 'An alert is raised for any export larger than this.' },
};

function ThresholdsPanel() {
  const canEdit = useCan('settings.security');
  const [thresholds, setThresholds] = useState<AlertThresholds | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void runCommand(() => clinic().alerts.getThresholds({})).then((result) => {
      if (!current) return;
      if (result.ok) setThresholds(result.value);
      else setLoadError(result.message);
    });
    return () => {
      current = false;
    };
  }, []);

  return (
    <section className="panel thresholds-panel" aria-labelledby="thresholds-title">
      <h2 id="thresholds-title">Alert thresholds</h2>
      {loadError !== null && (
        <p role="alert" className="form-error">
          {loadError}
        </p>
      )}
      {thresholds === null && loadError === null && <p aria-live="polite">Loading…</p>}
      {thresholds !== null &&
        (canEdit ? (
          <ThresholdsForm thresholds={thresholds} onSaved={setThresholds} />
        ) : (
          <dl className="facts facts-plain">
            {FIELDS.map((field) => (
              <Fragment key={field}>
                <dt>{LABELS[field].label}</dt>
                <dd>{thresholds[field]}</dd>
              </Fragment>
            ))}
          </dl>
        ))}
    </section>
  );
}

function ThresholdsForm({
  thresholds,
  onSaved,
}: {
  thresholds: AlertThresholds;
  onSaved(thresholds: AlertThresholds): void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<z.input<typeof thresholdsForm>, unknown, AlertThresholds>({
    resolver: zodResolver(thresholdsForm),
    defaultValues: thresholds,
  });
  const submit = async (values: AlertThresholds) => {
    setFormError(null);
    setNotice(null);
    const result = await runCommand(() => clinic().alerts.setThresholds(values));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, FIELDS));
      return;
    }
    onSaved(result.value);
    reset(result.value);
    setNotice('Saved. New audit entries are checked against these thresholds.');
  };
  return (
    <form className="stack" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
      <div className="thresholds-grid">
        {FIELDS.map((field) => (
          <TextField
            key={field}
            type="number"
            label={LABELS[field].label}
            hint={`${LABELS[field].hint} ${rangeText(alertThresholds.shape[field])}`}
            registration={register(field, { valueAsNumber: true })}
            error={errors[field]?.message}
            inputMode="numeric"
            className="field-narrow"
          />
        ))}
      </div>
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" className="align-start" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? 'Saving…' : 'Save thresholds'}
      </button>
    </form>
  );
}
