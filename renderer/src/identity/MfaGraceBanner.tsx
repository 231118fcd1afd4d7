import { Link, useLocation } from 'react-router';
import { formatDate, isFuture } from './format';
import { useSignedIn } from './identity-store';

/**
 * Reminds a user whose role needs MFA that the grace period is running out.
 * After it ends, core itself only allows enrollment (stage mfa_enrollment).
 */
export function MfaGraceBanner() {
  const session = useSignedIn();
  const { pathname } = useLocation();
  // Not on the enrollment page itself, where it would only repeat the page.
  if (session === null || pathname === '/account/authenticator') return null;
  const { mandatory, enabled, graceEndsAt } = session.mfa;
  if (!mandatory || enabled || graceEndsAt === null || !isFuture(graceEndsAt)) return null;
  return (
    <aside className="banner" aria-label="Authenticator reminder">
      <p>
        Your role needs an authenticator app. <strong>Set up your authenticator by {formatDate(graceEndsAt)}</strong>;
        after that date you will not be able to work until you do.
      </p>
      <Link to="/account/authenticator" className="button">
        Set it up now
      </Link>
    </aside>
  );
}
