import { useState } from 'react';
import { Link } from 'react-router';
import { Notice } from '../ui/form';
import { ChangePasswordForm } from './ChangePasswordForm';
import { useSignedIn } from './identity-store';
import { roleLabels } from './roles-text';

export function MyAccountScreen() {
  const session = useSignedIn();
  const [notice, setNotice] = useState<string | null>(null);
  if (session === null) return null;
  const { user, mfa } = session;
  return (
    <section aria-labelledby="account-title" className="page">
      <h1 id="account-title">My account</h1>
      <dl className="facts facts-plain">
        <dt>Name</dt>
        <dd>{user.displayName}</dd>
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Roles</dt>
        <dd>{roleLabels(user.roles)}</dd>
      </dl>

      <section aria-labelledby="account-mfa-title" className="panel">
        <h2 id="account-mfa-title">Authenticator</h2>
        {mfa.enabled ? (
          <p>
            On. Signing in asks for a code from your authenticator app. If you lose your phone, use a recovery code and
            ask an administrator to reset your authenticator.
          </p>
        ) : (
          <>
            <p>
              Off.{' '}
              {mfa.mandatory ? 'Your role needs it.' : 'It is optional for your role, and it protects your account.'}
            </p>
            <Link to="/account/authenticator" className="button">
              Set up the authenticator
            </Link>
          </>
        )}
      </section>

      <section aria-labelledby="account-password-title" className="panel form-narrow">
        <h2 id="account-password-title">Change password</h2>
        <Notice message={notice} />
        <ChangePasswordForm
          currentLabel="Current password"
          submitLabel="Change password"
          autoFocus={false}
          onChanged={() => setNotice('Your password has been changed. Use the new one next time you sign in.')}
        />
      </section>
    </section>
  );
}
