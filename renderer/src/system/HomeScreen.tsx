import { SecurityAlertsPanel } from '../alerts/SecurityAlertsPanel';
import { useSignedIn } from '../identity/identity-store';
import { ShiftPanel } from '../shifts/ShiftPanel';
import { useTranslation } from 'react-i18next';

export function HomeScreen() {
  const { t } = useTranslation();
  const session = useSignedIn();
  return (
    <section aria-labelledby="home-title" className="page">
      <h1 id="home-title">
        {t('system.homeScreen.welcomeToZahanati')}
        {session !== null && `, ${session.user.displayName}`}
      </h1>
      <p>{t('system.homeScreen.clinicRecordsThatKeepWorking')}</p>
      <SecurityAlertsPanel />
      <ShiftPanel />
    </section>
  );
}
