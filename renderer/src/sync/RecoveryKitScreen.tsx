import { useEffect } from 'react';
import { Link } from 'react-router';
import { formatDateTime } from '../identity/format';
import { useIdentityStore } from '../identity/identity-store';
import { codeGroups } from './sync-text';
import { useSyncStore } from './sync-store';
import './sync.css';

/**
 * The recovery kit just created, laid out to print on one page. The secret is
 * shown only here and only until the user leaves the screen: it is not stored
 * on the workstation, so a lost kit is replaced by making a new one.
 */
export function RecoveryKitScreen() {
  const kit = useSyncStore((store) => store.recoveryKit);
  const facility = useIdentityStore((store) => store.setup?.facility ?? null);
  useEffect(() => () => useSyncStore.getState().forgetRecoveryKit(), []);

  if (kit === null) {
    return (
      <section aria-labelledby="kit-title" className="page">
        <h1 id="kit-title">Recovery kit</h1>
        <p>
          There is no recovery kit to show. Kits are shown once, when they are made. Create a new one from the{' '}
          <Link to="/sync">Sync</Link> screen; it replaces the previous kit.
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="kit-title" className="page recovery-kit">
      <div className="page-heading no-print">
        <p className="breadcrumb">
          <Link to="/sync">Sync</Link>
        </p>
        <div className="heading-actions">
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <h1 id="kit-title">Zahanati recovery kit{facility !== null && ` — ${facility.name}`}</h1>
      <p className="warning">
        Whoever holds this page can rebuild a workstation of this facility and read every patient record. Keep it locked
        away, like the keys to the records room.
      </p>
      <div className="kit-body">
        <dl className="facts kit-facts">
          <dt>Facility id</dt>
          <dd className="mono" data-testid="kit-facility">
            {kit.facilityId}
          </dd>
          <dt>Sync server</dt>
          <dd className="mono" data-testid="kit-server">
            {kit.serverUrl}
          </dd>
          <dt>Secret</dt>
          <dd>
            <span className="secret kit-secret" data-testid="kit-secret" aria-label={kit.secret}>
              {codeGroups(kit.secret).join(' ')}
            </span>
          </dd>
          <dt>Made</dt>
          <dd>{formatDateTime(kit.createdAt)}</dd>
        </dl>
        <div className="qr">
          <img
            src={kit.qrCodeDataUrl}
            alt="QR code holding the server address, the facility id and the secret"
            width={200}
            height={200}
          />
        </div>
      </div>
      <h2>How to use it</h2>
      <ol className="kit-steps">
        <li>
          Print this page now, or write the three lines above on paper exactly as shown. Do not save it as a file.
        </li>
        <li>
          Put it in a sealed envelope, write the date on it, and keep it locked away off the workstation’s desk (the
          facility in-charge’s safe, or the county office).
        </li>
        <li>
          If every workstation is lost, stolen or broken: install Zahanati on a new computer, choose “Rebuild from a
          recovery kit” and type the server, the facility id and the secret. The records come back from the sync server.
        </li>
        <li>Making a new kit stops this one from working. Destroy old kits.</li>
      </ol>
    </section>
  );
}
