import { useEffect, useRef } from 'react';
import { useIdentityStore } from './identity-store';
import { Trans, useTranslation } from 'react-i18next';

/**
 * The ten recovery codes, shown once right after enrollment. Core keeps only
 * their hashes, so this screen stays until the user says they have them.
 */
export function RecoveryCodesScreen({ codes }: { codes: readonly string[] }) {
  const { t } = useTranslation();
  const acknowledge = useIdentityStore((store) => store.acknowledgeRecoveryCodes);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main className="gate">
      <section className="card card-wide recovery" aria-labelledby="recovery-title">
        <h1 id="recovery-title" ref={heading} tabIndex={-1}>
          {t('identity.recoveryCodesScreen.saveYourRecoveryCodesNow')}
        </h1>
        <p role="status">{t('identity.recoveryCodesScreen.yourAuthenticatorIsOnFrom')}</p>
        <p className="warning">
          <Trans i18nKey="identity.recoveryCodesScreen.keepThemSafe" components={{ strong: <strong /> }} />
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
            {t('identity.recoveryCodesScreen.print')}
          </button>
          <button type="button" onClick={acknowledge}>
            {t('identity.recoveryCodesScreen.iHaveSavedThem')}
          </button>
        </div>
      </section>
    </main>
  );
}
