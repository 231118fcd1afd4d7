import { securityPolicy } from '../../../shared/api/identity';
import { ROLE_KEYS, ROLES } from '../../../shared/security/roles';
import { clinic } from '../clinic';
import { NumberSettingsForm } from '../ui/NumberSettingsForm';
import { LoadState, useCommandValue } from '../ui/use-command-value';
import { useTranslation } from 'react-i18next';

const MFA_ROLES = ROLE_KEYS.filter((role) => ROLES[role].mfaMandatory).map((role) => ROLES[role].label.toLowerCase());

const FIELDS = [
  {
    name: 'lockAfterMinutes',
    label: 'Lock the screen after (minutes idle)',
    hint: 'The same user’s password unlocks it again.',
  },
  {
    name: 'logoutAfterMinutes',
    label: 'Sign out after (minutes idle)',
    hint: 'Unsaved work is lost when this happens.',
  },
  {
    name: 'mfaGraceDays',
    label: 'Days to set up an authenticator',
    hint: `Staff with these roles must set up an authenticator within this many days: ${MFA_ROLES.join(', ')}.`,
  },
] as const;

/** Idle lock, idle sign-out and the MFA grace period (security.getPolicy / security.updatePolicy). */
export function SecurityPolicyScreen() {
  const { t } = useTranslation();
  const policy = useCommandValue(() => clinic().security.getPolicy({}));
  return (
    <section aria-labelledby="security-title" className="page">
      <h1 id="security-title">{t('identity.securityPolicyScreen.securitySettings')}</h1>
      <LoadState loading={policy.value === null} error={policy.error} />
      {policy.value !== null && (
        <NumberSettingsForm
          shape={securityPolicy.shape}
          fields={FIELDS}
          initial={policy.value}
          save={(values) => clinic().security.updatePolicy(values)}
          onSaved={policy.setValue}
          submitLabel={t('identity.securityPolicyScreen.saveSettings')}
          savedNotice={t('identity.securityPolicyScreen.savedTheNewLimitsApply')}
          className="panel stack form-narrow"
          autoFocus
        />
      )}
    </section>
  );
}
