import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';

/** Ends the session (auth.logout); the refreshed status then shows the login screen. */
export function SignOutButton({ label, className }: { label?: string; className?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signOut = async () => {
    setBusy(true);
    const result = await runCommand(() => clinic().auth.logout({}));
    setBusy(false);
    if (!result.ok) setError(result.message);
  };
  return (
    <>
      <button type="button" className={className ?? 'secondary'} disabled={busy} onClick={() => void signOut()}>
        {label ?? t('identity.signOut')}
      </button>
      {error !== null && <span role="alert">{error}</span>}
    </>
  );
}
