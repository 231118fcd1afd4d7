import type { SignedInStatus } from './identity-store';
import { formatDate, isFuture } from './format';
import { MfaEnrollment } from './MfaEnrollment';
import { SignOutButton } from './SignOutButton';

/** Sign-in step for a user whose role needs MFA once the grace period is over: enrolling is all they may do. */
export function MfaEnrollmentScreen({ session }: { session: SignedInStatus }) {
  const { graceEndsAt } = session.mfa;
  return (
    <main className="gate">
      <section className="card card-wide" aria-labelledby="mfa-enrollment-title">
        <h1 id="mfa-enrollment-title">Set up your authenticator</h1>
        <p>
          Your role can see and change many records, so signing in needs a code from your phone as well as your
          password.
          {graceEndsAt !== null &&
            !isFuture(graceEndsAt) &&
            ` The time to set this up ended on ${formatDate(graceEndsAt)}.`}{' '}
          It takes about two minutes.
        </p>
        <MfaEnrollment />
        <div className="actions">
          <SignOutButton label="Cancel and sign out" className="link-button" />
        </div>
      </section>
    </main>
  );
}
