import { Link, useNavigate } from 'react-router';
import { useSignedIn } from './identity-store';
import { MfaEnrollment } from './MfaEnrollment';

/** Voluntary enrollment from My account (or from the grace-period banner). */
export function AccountAuthenticatorScreen() {
  const session = useSignedIn();
  const navigate = useNavigate();
  if (session === null) return null;
  return (
    <section aria-labelledby="account-authenticator-title" className="page">
      <h1 id="account-authenticator-title">Set up the authenticator</h1>
      {session.mfa.enabled ? (
        <p>
          Your authenticator is already on. <Link to="/account">Back to My account</Link>
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
