import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { alertsContract, type SecurityAlert } from '../../../shared/api/alerts';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { ALERT_RULE_LABELS } from './alert-text';
import { useAlertsStore } from './alerts-store';

/** Names for user ids (acknowledged by …), from users.list when the viewer may read it. */
export type UserNames = ReadonlyMap<string, string>;

/** Security alerts as cards: what happened, to whom, when, and (while open) an Acknowledge action. */
export function AlertList({ alerts, userNames }: { alerts: readonly SecurityAlert[]; userNames?: UserNames }) {
  return (
    <ul className="alert-list">
      {alerts.map((alert) => (
        <AlertCard key={alert.id} alert={alert} userNames={userNames} />
      ))}
    </ul>
  );
}

function AlertCard({ alert, userNames }: { alert: SecurityAlert; userNames: UserNames | undefined }) {
  const id = useId();
  const canAcknowledge = useCan('alerts.acknowledge');
  const [acknowledging, setAcknowledging] = useState(false);
  const open = alert.acknowledgedAt === null;
  const by = alert.acknowledgedBy === null ? null : (userNames?.get(alert.acknowledgedBy) ?? null);
  return (
    <li className={open ? 'alert-card alert-open' : 'alert-card alert-done'} aria-labelledby={`${id}-title`}>
      <div className="alert-head">
        <h3 id={`${id}-title`}>{ALERT_RULE_LABELS[alert.rule]}</h3>
        <span className={open ? 'tag tag-alert' : 'tag tag-muted'}>{open ? 'Open' : 'Acknowledged'}</span>
      </div>
      <p className="alert-summary">{alert.summary}</p>
      <p className="alert-meta">
        <span>
          User: <strong>{alert.userName ?? (alert.userId === null ? 'an unknown username' : 'a removed user')}</strong>
        </span>
        <span>
          Raised <time dateTime={alert.raisedAt}>{formatDateTime(alert.raisedAt)}</time>
        </span>
      </p>
      {!open && (
        <p className="alert-meta">
          Acknowledged {alert.acknowledgedAt !== null && formatDateTime(alert.acknowledgedAt)}
          {by !== null && ` by ${by}`}
          {alert.note !== null && alert.note !== '' && <>: “{alert.note}”</>}
        </p>
      )}
      {open && canAcknowledge && !acknowledging && (
        <button type="button" className="secondary" onClick={() => setAcknowledging(true)}>
          Acknowledge
        </button>
      )}
      {open && canAcknowledge && acknowledging && (
        <AcknowledgeForm alert={alert} onCancel={() => setAcknowledging(false)} />
      )}
    </li>
  );
}

const noteForm = alertsContract['alerts.acknowledge'].input.pick({ note: true });
type NoteValues = z.output<typeof noteForm>;

function AcknowledgeForm({ alert, onCancel }: { alert: SecurityAlert; onCancel(): void }) {
  const acknowledge = useAlertsStore((store) => store.acknowledge);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof noteForm>, unknown, NoteValues>({
    resolver: zodResolver(noteForm),
    defaultValues: { note: '' },
  });
  const submit = async ({ note }: NoteValues) => {
    setFormError(null);
    const failure = await acknowledge(alert.id, note === '' ? undefined : note);
    // On success the card changes (or leaves the list of open alerts) by itself.
    if (failure !== null) setFormError(applyFailure(failure, setError, ['note']));
  };

  return (
    <form className="stack acknowledge-form" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
      <TextField
        label="Note (optional)"
        hint="What you found or did, for whoever reads this alert later."
        registration={register('note')}
        error={errors.note?.message}
        maxLength={500}
        autoComplete="off"
        autoFocus
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Acknowledging…' : 'Acknowledge alert'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          Keep open
        </button>
      </div>
    </form>
  );
}
