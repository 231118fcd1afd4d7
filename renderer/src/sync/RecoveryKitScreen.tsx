import { useEffect } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../identity/format';
import { useIdentityStore } from '../identity/identity-store';
import { codeGroups } from './sync-text';
import { useSyncStore } from './sync-store';
import './sync.css';
import { Trans, useTranslation } from 'react-i18next';

/**
 * The recovery kit just created, laid out to print on one page. The secret is
 * shown only here and only until the user leaves the screen: it is not stored
 * on the workstation, so a lost kit is replaced by making a new one.
 */
export function RecoveryKitScreen() {
  const { t } = useTranslation();
  const kit = useSyncStore((store) => store.recoveryKit);
  const facility = useIdentityStore((store) => store.setup?.facility ?? null);
  useEffect(() => () => useSyncStore.getState().forgetRecoveryKit(), []);

  if (kit === null) {
    return (
      <section aria-labelledby="kit-title" className="page">
        <h1 id="kit-title">{t('sync.recoveryKitScreen.recoveryKit')}</h1>
        <p>
          <Trans i18nKey="sync.recoveryKitScreen.noKit" components={{ link: <Link to="/sync" /> }} />
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="kit-title" className="page recovery-kit">
      <div className="page-heading no-print">
        <p className="breadcrumb">
          <Link to="/sync">{t('sync.recoveryKitScreen.sync')}</Link>
        </p>
        <div className="heading-actions">
          <button type="button" onClick={() => window.print()}>
            {t('sync.recoveryKitScreen.print')}
          </button>
        </div>
      </div>
      <h1 id="kit-title">
        {t('sync.recoveryKitScreen.zahanatiRecoveryKit')}
        {facility !== null && ` — ${facility.name}`}
      </h1>
      <p className="warning">{t('sync.recoveryKitScreen.whoeverHoldsThisPageCan')}</p>
      <div className="kit-body">
        <dl className="facts kit-facts">
          <dt>{t('sync.recoveryKitScreen.facilityId')}</dt>
          <dd className="mono" data-testid="kit-facility">
            {kit.facilityId}
          </dd>
          <dt>{t('sync.recoveryKitScreen.syncServer')}</dt>
          <dd className="mono" data-testid="kit-server">
            {kit.serverUrl}
          </dd>
          <dt>{t('sync.recoveryKitScreen.secret')}</dt>
          <dd>
            <span className="secret kit-secret" data-testid="kit-secret" aria-label={kit.secret}>
              {codeGroups(kit.secret).join(' ')}
            </span>
          </dd>
          <dt>{t('sync.recoveryKitScreen.made')}</dt>
          <dd>{formatDateTime(kit.createdAt)}</dd>
        </dl>
        <div className="qr">
          <img
            src={kit.qrCodeDataUrl}
            alt={t('sync.recoveryKitScreen.qrCodeHoldingTheServer')}
            width={200}
            height={200}
          />
        </div>
      </div>
      <h2>{t('sync.recoveryKitScreen.howToUseIt')}</h2>
      <ol className="kit-steps">
        <li>{t('sync.recoveryKitScreen.printThisPageNowOr')}</li>
        <li>{t('sync.recoveryKitScreen.putItInASealed')}</li>
        <li>{t('sync.recoveryKitScreen.ifEveryWorkstationIsLost')}</li>
        <li>{t('sync.recoveryKitScreen.makingANewKitStops')}</li>
      </ol>
    </section>
  );
}
