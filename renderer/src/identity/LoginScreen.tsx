import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { loginInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, PasswordField, TextField } from '../ui/form';
import { useIdentityStore } from './identity-store';

type LoginValues = z.output<typeof loginInput>;

export function LoginScreen() {
  const facility = useIdentityStore((store) => store.setup?.facility ?? null);
  const justSetUp = useIdentityStore((store) => store.justSetUp);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof loginInput>, unknown, LoginValues>({
    resolver: zodResolver(loginInput),
    defaultValues: { username: '', password: '' },
  });

  const submit = async (values: LoginValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().auth.login(values));
    if (result.ok) return; // The refreshed session status moves the app to the next step.
    // Core says the same thing for an unknown user and a wrong password; the password is cleared either way.
    resetField('password');
    setFormError(applyFailure(result, setError, ['username', 'password']));
  };

  return (
    <main className="gate">
      <form
        className="card"
        aria-labelledby="login-title"
        noValidate
        onSubmit={(event) => void handleSubmit(submit)(event)}
      >
        <h1 id="login-title">Sign in</h1>
        {facility !== null && (
          <p className="muted" data-testid="facility-name">
            {facility.name} · MFL {facility.mflCode} · {facility.county}
          </p>
        )}
        {justSetUp && <Notice message="The facility is set up. Sign in with the owner account you just created." />}
        <TextField
          label="Username"
          registration={register('username')}
          error={errors.username?.message}
          autoComplete="username"
          spellCheck={false}
          autoFocus
        />
        <PasswordField
          label="Password"
          registration={register('password')}
          error={errors.password?.message}
          autoComplete="current-password"
        />
        <FormError message={formError} />
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
