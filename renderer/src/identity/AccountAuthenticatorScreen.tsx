import { Link, useNavigate } from 'react-router';
import { useSignedIn } from './identity-store';
import { MfaEnrollment } from './MfaEnrollment';
import { Trans, useTranslation } from 'react-i18next';

/** Voluntary enrollment from My account (or from the grace-period banner). */
export function AccountAuthenticatorScreen() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const navigate = useNavigate();
  if (session === null) return null;
  return (
    <section aria-labelledby="account-authenticator-title" className="page">
      <h1 id="account-authenticator-title">{t('identity.accountAuthenticatorScreen.setUpTheAuthenticator')}</h1>
      {session.mfa.enabled ? (
        <p>
          <Trans
            i18nKey="identity.accountAuthenticatorScreen.alreadyOn"
            components={{ link: <Link to="/account" /> }}
          />
        </p>
      ) : (
        <div className="panel">
          {/* Leave this page before the recovery codes show, so "I have saved them" returns to My account, not here. */}
          <MfaEnrollment onConfirmed={() => void navigate('/account', { replace: true })} />
        </div>
      )}
    </section>
  );
}
