import { useEffect } from 'react';
import { useAboutStore } from './about-store';

const KEY_PROTECTION_LABEL = {
  'os-keychain': "Operating system's keychain",
  passphrase: 'Workstation passphrase',
} as const;

export function AboutScreen() {
  const state = useAboutStore((store) => store.state);
  const load = useAboutStore((store) => store.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="about-title">
      <h1 id="about-title">About this workstation</h1>
      {state.status === 'error' && <p role="alert">{state.message}</p>}
      {(state.status === 'idle' || state.status === 'loading') && <p aria-live="polite">Loading…</p>}
      {state.status === 'ready' && (
        <dl className="facts">
          <dt>App version</dt>
          <dd data-testid="app-version">{state.about.appVersion}</dd>
          <dt>Data version</dt>
          <dd data-testid="schema-version">{state.about.schemaVersion}</dd>
          <dt>SQLCipher version</dt>
          <dd data-testid="sqlcipher-version">{state.about.sqlcipherVersion}</dd>
          <dt>Data folder</dt>
          <dd data-testid="data-directory">{state.about.dataDirectory}</dd>
          <dt>Key protection</dt>
          <dd data-testid="key-protection">{KEY_PROTECTION_LABEL[state.about.keyProtection]}</dd>
        </dl>
      )}
    </section>
  );
}
