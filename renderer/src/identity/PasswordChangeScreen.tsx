import type { SignedInStatus } from './identity-store';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SignOutButton } from './SignOutButton';
import { useTranslation } from 'react-i18next';

/** Sign-in step after an admin reset (or an expired password): nothing else is allowed until it is done. */
export function PasswordChangeScreen({ session }: { session: SignedInStatus }) {
  const { t } = useTranslation();
  return (
    <main className="gate">
      <section className="card" aria-labelledby="password-change-title">
        <h1 id="password-change-title">{t('identity.passwordChangeScreen.chooseYourOwnPassword')}</h1>
        <p>{t('identity.passwordChangeScreen.welcomeYourPasswordWasSet', { displayName: session.user.displayName })}</p>
        <ChangePasswordForm
          currentLabel={t('identity.passwordChangeScreen.temporaryPassword')}
          submitLabel={t('identity.passwordChangeScreen.savePasswordAndContinue')}
          autoFocus
          // The refreshed session status moves the app to the next step by itself.
          onChanged={() => undefined}
        />
        <div className="actions">
          <SignOutButton label={t('identity.passwordChangeScreen.cancelAndSignOut')} className="link-button" />
        </div>
      </section>
    </main>
  );
}
