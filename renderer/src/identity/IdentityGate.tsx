import { useEffect, type ReactNode } from 'react';
import { FirstRun } from '../sync/JoinFacility';
import { useIdentityStore } from './identity-store';
import { LockScreen } from './LockScreen';
import { LoginScreen } from './LoginScreen';
import { MfaChallengeScreen } from './MfaChallengeScreen';
import { MfaEnrollmentScreen } from './MfaEnrollmentScreen';
import { PasswordChangeScreen } from './PasswordChangeScreen';
import { RecoveryCodesScreen } from './RecoveryCodesScreen';
import { useActivityReporting, useSessionPolling } from './session-keeper';
import { useTranslation } from 'react-i18next';

async function loadIdentity(): Promise<void> {
  const store = useIdentityStore.getState();
  await store.refreshSetup();
  await store.refreshSession();
}

/**
 * Shows the app only to a user who is fully signed in and unlocked. Every
 * decision comes from core (setup.status, session.status); this only picks
 * the screen for the state core reports.
 */
export function IdentityGate({ children, onSignedOut }: { children: ReactNode; onSignedOut(): void }) {
  const { t } = useTranslation();
  const setup = useIdentityStore((store) => store.setup);
  const session = useIdentityStore((store) => store.session);
  const problem = useIdentityStore((store) => store.problem);
  const recoveryCodes = useIdentityStore((store) => store.recoveryCodes);
  const signedIn = session?.signedIn === true;
  useSessionPolling(signedIn);
  useActivityReporting(signedIn && !session.locked);

  useEffect(() => {
    void loadIdentity();
  }, []);

  // The next person to sign in starts at home, not on the page (or the patient) the last one had open.
  const signedOut = session?.signedIn === false;
  useEffect(() => {
    if (signedOut) onSignedOut();
  }, [signedOut, onSignedOut]);

  if (problem !== null && (setup === null || session === null)) {
    return (
      <main className="gate">
        <section className="card" aria-labelledby="identity-problem-title">
          <h1 id="identity-problem-title">{t('identity.identityGate.zahanatiCannotStartSigningIn')}</h1>
          <p role="alert">{problem}</p>
          <button type="button" onClick={() => void loadIdentity()}>
            {t('identity.identityGate.tryAgain')}
          </button>
        </section>
      </main>
    );
  }
  if (setup === null) return <p className="centered">{t('identity.identityGate.startingZahanati')}</p>;
  if (setup.needsSetup) return <FirstRun />;
  if (session === null) return <p className="centered">{t('identity.identityGate.startingZahanati')}</p>;
  if (!session.signedIn) return <LoginScreen />;
  if (session.locked) return <LockScreen session={session} />;
  if (recoveryCodes !== null) return <RecoveryCodesScreen codes={recoveryCodes} />;
  switch (session.stage) {
    case 'mfa_challenge':
      return <MfaChallengeScreen />;
    case 'password_change':
      return <PasswordChangeScreen session={session} />;
    case 'mfa_enrollment':
      return <MfaEnrollmentScreen session={session} />;
    case 'active':
      return <>{children}</>;
  }
}
