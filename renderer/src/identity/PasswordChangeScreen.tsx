import type { SignedInStatus } from './identity-store';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SignOutButton } from './SignOutButton';

/** Sign-in step after an admin reset (or an expired password): nothing else is allowed until it is done. */
export function PasswordChangeScreen({ session }: { session: SignedInStatus }) {
  return (
    <main className="gate">
      <section className="card" aria-labelledby="password-change-title">
        <h1 id="password-change-title">Choose your own password</h1>
        <p>
          Welcome, {session.user.displayName}. Your password was set by an administrator, so only you must know the new
          one. Choose it now to continue.
        </p>
        <ChangePasswordForm
          currentLabel="Temporary password"
          submitLabel="Save password and continue"
          autoFocus
          // The refreshed session status moves the app to the next step by itself.
          onChanged={() => undefined}
        />
        <div className="actions">
          <SignOutButton label="Cancel and sign out" className="link-button" />
        </div>
      </section>
    </main>
  );
}
