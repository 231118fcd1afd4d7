import { useState } from 'react';
import { retentionSetting } from '../../../shared/api/audit';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { formatDate } from '../identity/format';
import { useCan } from '../identity/identity-store';
import { ConfirmAction } from '../ui/ConfirmAction';
import { FormError, Notice } from '../ui/form';
import { NumberSettingsForm } from '../ui/NumberSettingsForm';
import { LoadState, useCommandValue } from '../ui/use-command-value';
import { useAuditStore } from './audit-store';
import { useTranslation } from 'react-i18next';

/** The first moment still kept: entries before it may be purged (the same arithmetic core uses, for the question). */
function cutoffFor(years: number, now: Date = new Date()): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

/** How long entries are kept (audit.getRetention / setRetention) and the purge of older ones (audit.purge). */
export function AuditRetentionPanel() {
  const { t } = useTranslation();
  const canChange = useCan('settings.security');
  const canPurge = useCan('audit.purge');
  const {
    value: retention,
    setValue: setRetention,
    error: loadError,
  } = useCommandValue(() => clinic().audit.getRetention({}));
  const [purging, setPurging] = useState(false);
  const [purgeNotice, setPurgeNotice] = useState<string | null>(null);
  const [purgeError, setPurgeError] = useState<string | null>(null);

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
      <h2 id="retention-title">{t('audit.auditRetentionPanel.keepingTheAuditTrail')}</h2>
      <LoadState loading={retention === null} error={loadError} />
      {retention !== null && (
        <div className="retention-layout">
          <div className="stack">
            <p>
              {t('audit.auditRetentionPanel.entriesAreKeptFor')}
              <strong>{t('audit.auditRetentionPanel.years', { years: retention.years })}</strong>
              {t('audit.auditRetentionPanel.onlyEntriesOlderThanThat', {
                value: formatDate(cutoffFor(retention.years).toISOString()),
              })}
            </p>
            {canPurge && (
              <>
                <ConfirmAction
                  label={t('audit.auditRetentionPanel.purgeExpiredEntries')}
                  question={`Entries written before ${formatDate(cutoffFor(retention.years).toISOString())} are removed for good; newer ones cannot be. You will be asked for your password and authenticator code.`}
                  confirmLabel={t('audit.auditRetentionPanel.purgeThem')}
                  danger
                  busy={purging}
                  onConfirm={() => void purge()}
                />
                <Notice message={purgeNotice} />
                <FormError message={purgeError} />
              </>
            )}
          </div>
          {canChange && (
            <NumberSettingsForm
              shape={retentionSetting.shape}
              fields={[{ name: 'years', label: 'Keep entries for (years)', hint: 'Zahanati’s default is 7.' }]}
              initial={retention}
              // High-risk: core answers STEP_UP_REQUIRED and runCommand opens the step-up dialog.
              save={(values) => clinic().audit.setRetention(values)}
              onSaved={setRetention}
              submitLabel={t('audit.auditRetentionPanel.saveRetention')}
              savedNotice={t('audit.auditRetentionPanel.saved')}
            />
          )}
        </div>
      )}
    </section>
  );
}
