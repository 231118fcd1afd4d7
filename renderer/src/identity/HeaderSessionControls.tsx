import { useState } from 'react';
import { Link } from 'react-router';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useSignedIn } from './identity-store';
import { SignOutButton } from './SignOutButton';
import { useTranslation } from 'react-i18next';

/** Who is signed in, and the two ways to leave the desk: lock (come back) or sign out. */
export function HeaderSessionControls() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const [error, setError] = useState<string | null>(null);
  if (session === null) return null;
  const lock = async () => {
    setError(null);
    const result = await runCommand(() => clinic().auth.lock({}));
    if (!result.ok) setError(result.message);
  };
  return (
    <div className="session-controls">
      <Link to="/account" className="session-user" data-testid="signed-in-user">
        {session.user.displayName}
      </Link>
      <button type="button" className="header-button" onClick={() => void lock()}>
        {t('identity.headerSessionControls.lock')}
      </button>
      <SignOutButton className="header-button" />
      {error !== null && (
        <span role="alert" className="header-error">
          {error}
        </span>
      )}
    </div>
  );
}
