import { translatedResolver } from '../ui/translated-resolver';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { alertsContract, type SecurityAlert } from '../../../shared/api/alerts';
import { formatDateTime } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { alertRuleLabel } from './alert-text';
import { useAlertsStore } from './alerts-store';
import { Trans, useTranslation } from 'react-i18next';

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
  const { t } = useTranslation();
  const id = useId();
  const canAcknowledge = useCan('alerts.acknowledge');
  const [acknowledging, setAcknowledging] = useState(false);
  const open = alert.acknowledgedAt === null;
  const by = alert.acknowledgedBy === null ? null : (userNames?.get(alert.acknowledgedBy) ?? null);
  return (
    <li className={open ? 'alert-card alert-open' : 'alert-card alert-done'} aria-labelledby={`${id}-title`}>
      <div className="alert-head">
        <h3 id={`${id}-title`}>{alertRuleLabel(alert.rule)}</h3>
        <span className={open ? 'tag tag-alert' : 'tag tag-muted'}>
          {open ? t('alerts.alertList.open') : t('alerts.alertList.acknowledged2')}
        </span>
      </div>
      <p className="alert-summary">{alert.summary}</p>
      <p className="alert-meta">
        <span>
          <Trans
            i18nKey="alerts.alertList.user"
            values={{
              user:
                alert.userName ??
                (alert.userId === null ? t('alerts.alertList.anUnknownUsername') : t('alerts.alertList.aRemovedUser')),
            }}
            components={{ strong: <strong /> }}
          />
        </span>
        <span>
          {t('alerts.alertList.raised')}
          <time dateTime={alert.raisedAt}>{formatDateTime(alert.raisedAt)}</time>
        </span>
      </p>
      {!open && (
        <p className="alert-meta">
          {t('alerts.alertList.acknowledged')}
          {alert.acknowledgedAt !== null && formatDateTime(alert.acknowledgedAt)}
          {by !== null && t('alerts.alertList.by', { by })}
          {alert.note !== null && alert.note !== '' && <>: “{alert.note}”</>}
        </p>
      )}
      {open && canAcknowledge && !acknowledging && (
        <button type="button" className="secondary" onClick={() => setAcknowledging(true)}>
          {t('alerts.alertList.acknowledge')}
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
  const { t } = useTranslation();
  const acknowledge = useAlertsStore((store) => store.acknowledge);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof noteForm>, unknown, NoteValues>({
    resolver: translatedResolver(noteForm),
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
        label={t('alerts.alertList.noteOptional')}
        hint={t('alerts.alertList.whatYouFoundOrDid')}
        registration={register('note')}
        error={errors.note?.message}
        maxLength={500}
        autoComplete="off"
        autoFocus
      />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('alerts.alertList.acknowledging') : t('alerts.alertList.acknowledgeAlert')}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={isSubmitting}>
          {t('alerts.alertList.keepOpen')}
        </button>
      </div>
    </form>
  );
}
