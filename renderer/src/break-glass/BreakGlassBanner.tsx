import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { formatClock } from '../ui/local-time';
import { activeGrants, BREAK_GLASS_REFRESH_MS, msUntilFirstExpiry, useBreakGlassStore } from './break-glass-store';
import './break-glass.css';
import { Trans, useTranslation } from 'react-i18next';

/**
 * While the user holds emergency access to any patient, says so on every
 * screen: whose records, until when, and that every view is recorded. Reads
 * the user's grants when the app frame appears (sign-in, unlock), every
 * minute, and when a grant ends.
 */
export function BreakGlassBanner() {
  const { t } = useTranslation();
  const grants = useBreakGlassStore((store) => store.grants);
  const numbers = useBreakGlassStore((store) => store.numbers);
  // Re-rendered when a grant ends, so it leaves the banner on time even between reads.
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    const refresh = () => void useBreakGlassStore.getState().refresh();
    refresh();
    const timer = window.setInterval(refresh, BREAK_GLASS_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    const wait = msUntilFirstExpiry(grants);
    if (wait === null) return;
    const timer = window.setTimeout(
      () => {
        setNow(new Date());
        void useBreakGlassStore.getState().refresh();
      },
      Math.min(wait + 500, 2 ** 31 - 1),
    );
    return () => window.clearTimeout(timer);
  }, [grants, now]);

  const running = activeGrants(grants, now);
  if (running.length === 0) return null;
  return (
    <aside
      className="break-glass-banner"
      aria-label={t('breakGlass.breakGlassBanner.emergencyAccess')}
      data-testid="break-glass-banner"
    >
      <span className="break-glass-icon" aria-hidden="true">
        !
      </span>
      <ul>
        {running.map((grant) => (
          <li key={grant.id}>
            <Trans
              i18nKey="breakGlass.breakGlassBanner.grant"
              values={{
                patient: numbers[grant.patientId] ?? t('breakGlass.breakGlassBanner.aPatientSRecords'),
                until: formatClock(grant.expiresAt),
              }}
              components={{ link: <Link to={`/patients/${grant.patientId}`} className="mono" />, strong: <strong /> }}
            />
          </li>
        ))}
      </ul>
    </aside>
  );
}
