import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { retentionSetting } from '../../../shared/api/audit';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDate } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { between, rangeText } from '../ui/bounds';
import { ConfirmAction } from '../ui/ConfirmAction';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, TextField } from '../ui/form';
import { useAuditStore } from './audit-store';

type Retention = z.output<typeof retentionSetting>;
const retentionForm = z.object({ years: between(retentionSetting.shape.years) });

/** The first moment still kept: entries before it may be purged (the same arithmetic core uses, for the question). */
function cutoffFor(years: number, now: Date = new Date()): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** How long entries are kept (audit.getRetention / setRetention) and the purge of older ones (audit.purge). */
export function AuditRetentionPanel() {
  const canChange = useCan('settings.security');
  const canPurge = useCan('audit.purge');
  const [retention, setRetention] = useState<Retention | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [purging, setPurging] = useState(false);
  const [purgeNotice, setPurgeNotice] = useState<string | null>(null);
  const [purgeError, setPurgeError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void runCommand(() => clinic().audit.getRetention({})).then((result) => {
      if (!current) return;
      if (result.ok) setRetention(result.value);
      else setLoadError(result.message);
    });
    return () => {
      current = false;
    };
  }, []);

  const purge = async () => {
    setPurging(true);
    setPurgeNotice(null);
    setPurgeError(null);
    const result = await runCommand(() => clinic().audit.purge({}));
    setPurging(false);
    if (!result.ok) {
      setPurgeError(result.message);
      return;
    }
    const { removed, cutoff } = result.value;
    setPurgeNotice(
      removed === 0
        ? `No entry was older than ${formatDate(cutoff)}; nothing was removed.`
        : `Removed ${removed} ${removed === 1 ? 'entry' : 'entries'} older than ${formatDate(cutoff)}. The purge itself is recorded in the audit trail.`,
    );
    // The rows on screen may include some of those removed.
    const store = useAuditStore.getState();
    void store.search(store.values, store.filter);
  };

  return (
    <section className="panel" aria-labelledby="retention-title">
      <h2 id="retention-title">Keeping the audit trail</h2>
      {loadError !== null && (
        <p role="alert" className="form-error">
          {loadError}
        </p>
      )}
      {retention === null && loadError === null && <p aria-live="polite">Loading…</p>}
      {retention !== null && (
        <div className="retention-layout">
          <div className="stack">
            <p>
              Entries are kept for <strong>{retention.years} years</strong>. Only entries older than that (today, those
              written before {formatDate(cutoffFor(retention.years).toISOString())}) can be purged.
            </p>
            {canPurge && (
              <>
                <ConfirmAction
                  label="Purge expired entries"
                  question={`Entries written before ${formatDate(cutoffFor(retention.years).toISOString())} are removed for good; newer ones cannot be. You will be asked for your password and authenticator code.`}
                  confirmLabel="Purge them"
                  danger
                  busy={purging}
                  onConfirm={() => void purge()}
                />
                <Notice message={purgeNotice} />
                <FormError message={purgeError} />
              </>
            )}
          </div>
          {canChange && <RetentionForm retention={retention} onSaved={setRetention} />}
        </div>
      )}
    </section>
  );
}

function RetentionForm({ retention, onSaved }: { retention: Retention; onSaved(retention: Retention): void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<z.input<typeof retentionForm>, unknown, Retention>({
    resolver: zodResolver(retentionForm),
    defaultValues: retention,
  });
  const submit = async (values: Retention) => {
    setFormError(null);
    setNotice(null);
    // High-risk: core answers STEP_UP_REQUIRED and runCommand opens the step-up dialog.
    const result = await runCommand(() => clinic().audit.setRetention(values));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['years']));
      return;
    }
    onSaved(result.value);
    reset(result.value);
    setNotice('Saved.');
  };
  return (
    <form className="stack" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
      <TextField
        type="number"
        label="Keep entries for (years)"
        hint={`${rangeText(retentionSetting.shape.years)} Zahanati’s default is 7.`}
        registration={register('years', { valueAsNumber: true })}
        error={errors.years?.message}
        inputMode="numeric"
        className="field-narrow"
      />
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" className="align-start" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? 'Saving…' : 'Save retention'}
      </button>
    </form>
  );
}
