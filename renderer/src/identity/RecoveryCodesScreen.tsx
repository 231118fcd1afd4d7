import { useEffect, useRef } from 'react';
import { useIdentityStore } from './identity-store';

/**
 * The ten recovery codes, shown once right after enrollment. Core keeps only
 * their hashes, so this screen stays until the user says they have them.
 */
export function RecoveryCodesScreen({ codes }: { codes: readonly string[] }) {
  const acknowledge = useIdentityStore((store) => store.acknowledgeRecoveryCodes);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="gate">
      <section className="card card-wide recovery" aria-labelledby="recovery-title">
        <h1 id="recovery-title" ref={heading} tabIndex={-1}>
          Save your recovery codes now
        </h1>
        <p role="status">Your authenticator is on. From now on, signing in asks for a code from your phone.</p>
        <p className="warning">
          If you lose your phone, each of these codes lets you sign in once.{' '}
          <strong>They will not be shown again.</strong> Write them on paper or print them, and keep them somewhere safe
          away from this computer.
        </p>
        <ol className="recovery-codes" data-testid="recovery-codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => window.print()}>
            Print
          </button>
          <button type="button" onClick={acknowledge}>
            I have saved them
          </button>
        </div>
      </section>
    </main>
  );
}
