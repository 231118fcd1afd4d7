import { securityPolicy } from '../../../shared/api/identity';
import type { TFunction } from 'i18next';
import { ROLE_KEYS, ROLES } from '../../../shared/security/roles';
import { roleLabel } from './roles-text';
import { clinic } from '../clinic';
import { NumberSettingsForm } from '../ui/NumberSettingsForm';
import { LoadState, useCommandValue } from '../ui/use-command-value';
import { useTranslation } from 'react-i18next';

const MFA_ROLES = ROLE_KEYS.filter((role) => ROLES[role].mfaMandatory);

/** The fields in the UI language at render time. */
function fields(t: TFunction) {
  return [
    {
      name: 'lockAfterMinutes',
      label: t('identity.securityPolicyScreen.lockAfter'),
      hint: t('identity.securityPolicyScreen.lockHint'),
    },
    {
      name: 'logoutAfterMinutes',
      label: t('identity.securityPolicyScreen.logoutAfter'),
      hint: t('identity.securityPolicyScreen.logoutHint'),
    },
    {
      name: 'mfaGraceDays',
      label: t('identity.securityPolicyScreen.mfaGrace'),
      hint: t('identity.securityPolicyScreen.mfaGraceHint', {
        roles: MFA_ROLES.map((role) => roleLabel(role).toLowerCase()).join(', '),
      }),
    },
  ] as const;
}

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
          fields={fields(t)}
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
