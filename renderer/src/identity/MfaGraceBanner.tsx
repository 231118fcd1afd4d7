import { Link, useLocation } from 'react-router';
import { formatDate, isFuture } from './format';
import { useSignedIn } from './identity-store';
import { Trans, useTranslation } from 'react-i18next';

/**
 * Reminds a user whose role needs MFA that the grace period is running out.
 * After it ends, core itself only allows enrollment (stage mfa_enrollment).
 */
export function MfaGraceBanner() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const { pathname } = useLocation();
  // Not on the enrollment page itself, where it would only repeat the page.
  if (session === null || pathname === '/account/authenticator') return null;
  const { mandatory, enabled, graceEndsAt } = session.mfa;
  if (!mandatory || enabled || graceEndsAt === null || !isFuture(graceEndsAt)) return null;
  return (
    <aside className="banner" aria-label={t('identity.mfaGraceBanner.authenticatorReminder')}>
      <p>
        <Trans
          i18nKey="identity.mfaGraceBanner.reminder"
          values={{ graceEndsAt: formatDate(graceEndsAt) }}
          components={{ strong: <strong /> }}
        />
      </p>
      <Link to="/account/authenticator" className="button">
        {t('identity.mfaGraceBanner.setItUpNow')}
      </Link>
    </aside>
  );
}
