import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { MIN_PASSPHRASE_LENGTH } from '../../../shared/api/workstation';
import { useWorkstationStore } from './workstation-store';
import { useTranslation } from 'react-i18next';

/** Shows the app only once the workstation's encrypted records are unlocked. */
export function WorkstationGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const status = useWorkstationStore((store) => store.status);
  const refresh = useWorkstationStore((store) => store.refresh);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (status === null) return <p className="centered">{t('workstation.workstationGate.startingZahanati')}</p>;
  switch (status.state) {
    case 'open':
      return <>{children}</>;
    case 'needs-passphrase':
      return <UnlockScreen />;
    case 'needs-new-passphrase':
      return <CreatePassphraseScreen />;
    case 'failed':
      return (
        <main className="gate">
          <h1>{t('workstation.workstationGate.zahanatiCannotOpenThisWorkstation')}</h1>
          <p role="alert">{status.message}</p>
        </main>
      );
  }
}

function UnlockScreen() {
  const { t } = useTranslation();
  const { unlock, busy, error } = useWorkstationStore();
  const [passphrase, setPassphrase] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void unlock(passphrase).then(() => setPassphrase(''));
  };
  return (
    <main className="gate">
      <form onSubmit={submit} className="card" aria-labelledby="unlock-title">
        <h1 id="unlock-title">{t('workstation.workstationGate.unlockThisWorkstation')}</h1>
        <p>{t('workstation.workstationGate.thisComputerHasNoSecure')}</p>
        <label htmlFor="passphrase">{t('workstation.workstationGate.workstationPassphrase')}</label>
        <input
          id="passphrase"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
        {error !== null && <p role="alert">{error}</p>}
        <button type="submit" disabled={busy || passphrase.length === 0}>
          {busy ? t('workstation.workstationGate.unlocking') : t('workstation.workstationGate.unlock')}
        </button>
      </form>
    </main>
  );
}

function CreatePassphraseScreen() {
  const { t } = useTranslation();
  const { createPassphrase, busy, error } = useWorkstationStore();
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const mismatch = confirmation.length > 0 && confirmation !== passphrase;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) void createPassphrase(passphrase);
  };
  return (
    <main className="gate">
      <form onSubmit={submit} className="card" aria-labelledby="create-passphrase-title">
        <h1 id="create-passphrase-title">{t('workstation.workstationGate.protectThisWorkstation')}</h1>
        <p>{t('workstation.workstationGate.thisComputerHasNoSecure2', { MIN_PASSPHRASE_LENGTH })}</p>
        <label htmlFor="new-passphrase">{t('workstation.workstationGate.newWorkstationPassphrase')}</label>
        <input
          id="new-passphrase"
          type="password"
          autoComplete="new-password"
          autoFocus
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
        <label htmlFor="confirm-passphrase">{t('workstation.workstationGate.typeItAgain')}</label>
        <input
          id="confirm-passphrase"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          aria-invalid={mismatch}
        />
        {mismatch && <p role="alert">{t('workstation.workstationGate.theTwoPassphrasesAreNot')}</p>}
        {error !== null && <p role="alert">{error}</p>}
        <button
          type="submit"
          disabled={busy || passphrase.length < MIN_PASSPHRASE_LENGTH || confirmation !== passphrase}
        >
          {busy ? t('workstation.workstationGate.protecting') : t('workstation.workstationGate.protectWorkstation')}
        </button>
      </form>
    </main>
  );
}
