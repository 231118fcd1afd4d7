import { shiftPolicy } from '../../../shared/api/shifts';
import { clinic } from '../clinic';
import { useCan } from '../identity/identity-store';
import { NumberSettingsForm } from '../ui/NumberSettingsForm';
import { LoadState, useCommandValue } from '../ui/use-command-value';
import { useTranslation } from 'react-i18next';
import { i18n } from '../i18n';

function graceSentence(minutes: number): string {
  return minutes === 0
    ? i18n.t('shifts.clockInGracePanel.fromStart')
    : i18n.t('shifts.clockInGracePanel.minutesBefore', { minutes });
}

/** How early a clock-in opens (shifts.getPolicy; shifts.setPolicy with settings.manage). */
export function ClockInGracePanel() {
  const { t } = useTranslation();
  const canEdit = useCan('settings.manage');
  const policy = useCommandValue(() => clinic().shifts.getPolicy({}));

  return (
    <section className="panel stack" aria-labelledby="grace-title">
      <h2 id="grace-title">{t('shifts.clockInGracePanel.clockInWindow')}</h2>
      <LoadState loading={policy.value === null} error={policy.error} />
      {policy.value !== null && <p>{graceSentence(policy.value.clockInGraceMinutes)}</p>}
      {policy.value !== null && canEdit && (
        <NumberSettingsForm
          shape={shiftPolicy.shape}
          fields={[{ name: 'clockInGraceMinutes', label: t('shifts.clockInGracePanel.minutesLabel') }]}
          initial={policy.value}
          save={(values) => clinic().shifts.setPolicy(values)}
          onSaved={policy.setValue}
          submitLabel={t('shifts.clockInGracePanel.saveWindow')}
          savedNotice={t('shifts.clockInGracePanel.saved')}
        />
      )}
    </section>
  );
}
