import { SecurityAlertsPanel } from '../alerts/SecurityAlertsPanel';
import { useSignedIn } from '../identity/identity-store';
import { ShiftPanel } from '../shifts/ShiftPanel';

export function HomeScreen() {
  const session = useSignedIn();
  return (
    <section aria-labelledby="home-title" className="page">
      <h1 id="home-title">Welcome to Zahanati{session !== null && `, ${session.user.displayName}`}</h1>
      <p>Clinic records that keep working when the internet does not.</p>
      <SecurityAlertsPanel />
      <ShiftPanel />
    </section>
  );
}
