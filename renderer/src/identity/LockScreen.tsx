import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { unlockInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, PasswordField } from '../ui/form';
import type { SignedInStatus } from './identity-store';
import { SignOutButton } from './SignOutButton';

/**
 * Shown instead of the app while core holds the session locked (idle, or the
 * Lock button). The app's screens are unmounted, not hidden, so nothing of the
 * previous user's work stays on the page for the next person at the desk.
 */
export function LockScreen({ session }: { session: SignedInStatus }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof unlockInput>, unknown, z.output<typeof unlockInput>>({
    resolver: zodResolver(unlockInput),
    defaultValues: { password: '' },
  });

  const submit = async (values: z.output<typeof unlockInput>) => {
    setFormError(null);
    const result = await runCommand(() => clinic().auth.unlock(values));
    if (result.ok) return;
    resetField('password');
    setFormError(applyFailure(result, setError, ['password']));
  };

  return (
    <main className="gate gate-locked">
      <form
        className="card"
        aria-labelledby="lock-title"
        noValidate
        onSubmit={(event) => void handleSubmit(submit)(event)}
      >
        <h1 id="lock-title">This workstation is locked</h1>
        <p data-testid="locked-by">
          Locked by <strong>{session.user.displayName}</strong> ({session.user.username}).
        </p>
        <p className="muted">
          Enter your password to carry on where you left off. Someone else? Choose Switch user: it signs{' '}
          {session.user.displayName} out, and anything they had not saved is lost.
        </p>
        <PasswordField
          label="Password"
          registration={register('password')}
          error={errors.password?.message}
          autoComplete="current-password"
          autoFocus
        />
        <FormError message={formError} />
        <div className="actions">
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? 'Unlocking…' : 'Unlock'}
          </button>
          <SignOutButton label="Switch user" />
        </div>
      </form>
    </main>
  );
}
