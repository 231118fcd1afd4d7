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
import { Trans, useTranslation } from 'react-i18next';

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
        ? t('audit.auditRetentionPanel.nothingRemoved', { cutoff: formatDate(cutoff) })
        : t('audit.auditRetentionPanel.removed', { count: removed, cutoff: formatDate(cutoff) }),
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
              <Trans
                i18nKey="audit.auditRetentionPanel.keptFor"
                values={{ years: retention.years, cutoff: formatDate(cutoffFor(retention.years).toISOString()) }}
                components={{ strong: <strong /> }}
              />
            </p>
            {canPurge && (
              <>
                <ConfirmAction
                  label={t('audit.auditRetentionPanel.purgeExpiredEntries')}
                  question={t('audit.auditRetentionPanel.purgeQuestion', {
                    cutoff: formatDate(cutoffFor(retention.years).toISOString()),
                  })}
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
              fields={[
                {
                  name: 'years',
                  label: t('audit.auditRetentionPanel.keepFor'),
                  hint: t('audit.auditRetentionPanel.default'),
                },
              ]}
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
