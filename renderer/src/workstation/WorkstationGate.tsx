import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { MIN_PASSPHRASE_LENGTH } from '../../../shared/api/workstation';
import { useWorkstationStore } from './workstation-store';

/** Shows the app only once the workstation's encrypted records are unlocked. */
export function WorkstationGate({ children }: { children: ReactNode }) {
  const status = useWorkstationStore((store) => store.status);
  const refresh = useWorkstationStore((store) => store.refresh);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (status === null) return <p className="centered">Starting Zahanati…</p>;
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
          <h1>Zahanati cannot open this workstation’s records</h1>
          <p role="alert">{status.message}</p>
        </main>
      );
  }
}

function UnlockScreen() {
  const { unlock, busy, error } = useWorkstationStore();
  const [passphrase, setPassphrase] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void unlock(passphrase).then(() => setPassphrase(''));
  };
  return (
    <main className="gate">
      <form onSubmit={submit} className="card" aria-labelledby="unlock-title">
        <h1 id="unlock-title">Unlock this workstation</h1>
        <p>This computer has no secure keychain, so its records are protected by the workstation passphrase.</p>
        <label htmlFor="passphrase">Workstation passphrase</label>
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
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}

function CreatePassphraseScreen() {
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
        <h1 id="create-passphrase-title">Protect this workstation</h1>
        <p>
          This computer has no secure keychain. Choose a workstation passphrase of at least {MIN_PASSPHRASE_LENGTH}{' '}
          characters; it will be asked each time Zahanati starts. Keep it with the facility’s recovery kit.
        </p>
        <label htmlFor="new-passphrase">New workstation passphrase</label>
        <input
          id="new-passphrase"
          type="password"
          autoComplete="new-password"
          autoFocus
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
        />
        <label htmlFor="confirm-passphrase">Type it again</label>
        <input
          id="confirm-passphrase"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(event) => setConfirmation(event.target.value)}
          aria-invalid={mismatch}
        />
        {mismatch && <p role="alert">The two passphrases are not the same.</p>}
        {error !== null && <p role="alert">{error}</p>}
        <button
          type="submit"
          disabled={busy || passphrase.length < MIN_PASSPHRASE_LENGTH || confirmation !== passphrase}
        >
          {busy ? 'Protecting…' : 'Protect workstation'}
        </button>
      </form>
    </main>
  );
}
