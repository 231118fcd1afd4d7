import { useEffect } from 'react';
import { useAboutStore } from './about-store';
import { useTranslation } from 'react-i18next';

export function AboutScreen() {
  const { t } = useTranslation();
  const state = useAboutStore((store) => store.state);
  const load = useAboutStore((store) => store.load);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-labelledby="about-title">
      <h1 id="about-title">{t('system.aboutScreen.aboutThisWorkstation')}</h1>
      {state.status === 'error' && <p role="alert">{state.message}</p>}
      {(state.status === 'idle' || state.status === 'loading') && (
        <p aria-live="polite">{t('system.aboutScreen.loading')}</p>
      )}
      {state.status === 'ready' && (
        <dl className="facts">
          <dt>{t('system.aboutScreen.appVersion')}</dt>
          <dd data-testid="app-version">{state.about.appVersion}</dd>
          <dt>{t('system.aboutScreen.dataVersion')}</dt>
          <dd data-testid="schema-version">{state.about.schemaVersion}</dd>
          <dt>{t('system.aboutScreen.sqlcipherVersion')}</dt>
          <dd data-testid="sqlcipher-version">{state.about.sqlcipherVersion}</dd>
          <dt>{t('system.aboutScreen.dataFolder')}</dt>
          <dd data-testid="data-directory">{state.about.dataDirectory}</dd>
          <dt>{t('system.aboutScreen.keyProtection')}</dt>
          <dd data-testid="key-protection">
            {t(`system.aboutScreen.keyProtectionLabel.${state.about.keyProtection}`)}
          </dd>
        </dl>
      )}
    </section>
  );
}
