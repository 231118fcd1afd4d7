import type { SignedInStatus } from './identity-store';
import { formatDate, isFuture } from './format';
import { MfaEnrollment } from './MfaEnrollment';
import { SignOutButton } from './SignOutButton';
import { useTranslation } from 'react-i18next';

/** Sign-in step for a user whose role needs MFA once the grace period is over: enrolling is all they may do. */
export function MfaEnrollmentScreen({ session }: { session: SignedInStatus }) {
  const { t } = useTranslation();
  const { graceEndsAt } = session.mfa;
  return (
    <main className="gate">
      <section className="card card-wide" aria-labelledby="mfa-enrollment-title">
        <h1 id="mfa-enrollment-title">{t('identity.mfaEnrollmentScreen.setUpYourAuthenticator')}</h1>
        <p>
          {t('identity.mfaEnrollmentScreen.yourRoleCanSeeAnd')}
          {graceEndsAt !== null &&
            !isFuture(graceEndsAt) &&
            t('identity.mfaEnrollmentScreen.theTimeToSetThis', { graceEndsAt: formatDate(graceEndsAt) })}
          {t('identity.mfaEnrollmentScreen.itTakesAboutTwoMinutes')}
        </p>
        <MfaEnrollment />
        <div className="actions">
          <SignOutButton label={t('identity.mfaEnrollmentScreen.cancelAndSignOut')} className="link-button" />
        </div>
      </section>
    </main>
  );
}
