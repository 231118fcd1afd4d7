import { useState } from 'react';
import { Link } from 'react-router';
import { Notice } from '../ui/form';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useSignedIn } from './identity-store';
import { roleLabels } from './roles-text';
import { useTranslation } from 'react-i18next';

export function MyAccountScreen() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const [notice, setNotice] = useState<string | null>(null);
  if (session === null) return null;
  const { user, mfa } = session;
  return (
    <section aria-labelledby="account-title" className="page">
      <h1 id="account-title">{t('identity.myAccountScreen.myAccount')}</h1>
      <dl className="facts facts-plain">
        <dt>{t('identity.myAccountScreen.name')}</dt>
        <dd>{user.displayName}</dd>
        <dt>{t('identity.myAccountScreen.username')}</dt>
        <dd>{user.username}</dd>
        <dt>{t('identity.myAccountScreen.roles')}</dt>
        <dd>{roleLabels(user.roles)}</dd>
      </dl>

      <section aria-labelledby="account-mfa-title" className="panel">
        <h2 id="account-mfa-title">{t('identity.myAccountScreen.authenticator')}</h2>
        {mfa.enabled ? (
          <p>{t('identity.myAccountScreen.onSigningInAsksFor')}</p>
        ) : (
          <>
            <p>
              {t('identity.myAccountScreen.off', {
                value: mfa.mandatory
                  ? t('identity.myAccountScreen.yourRoleNeedsIt')
                  : t('identity.myAccountScreen.itIsOptionalForYour'),
              })}
            </p>
            <Link to="/account/authenticator" className="button">
              {t('identity.myAccountScreen.setUpTheAuthenticator')}
            </Link>
          </>
        )}
      </section>

      <section aria-labelledby="account-password-title" className="panel form-narrow">
        <h2 id="account-password-title">{t('identity.myAccountScreen.changePassword')}</h2>
        <Notice message={notice} />
        <ChangePasswordForm
          currentLabel={t('identity.myAccountScreen.currentPassword')}
          submitLabel={t('identity.myAccountScreen.changePassword')}
          autoFocus={false}
          onChanged={() => setNotice(t('identity.myAccountScreen.passwordChanged'))}
        />
      </section>
    </section>
  );
}
