import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { recoveryCodeInput, verifyMfaInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { SignOutButton } from './SignOutButton';

/** Second step of signing in for a user with MFA: a code from the app, or one of the recovery codes. */
export function MfaChallengeScreen() {
  const [useRecovery, setUseRecovery] = useState(false);
  return (
    <main className="gate">
      <section className="card" aria-labelledby="mfa-challenge-title">
        <h1 id="mfa-challenge-title">{useRecovery ? 'Use a recovery code' : 'Enter your authenticator code'}</h1>
        {useRecovery ? <RecoveryCodeForm /> : <TotpForm />}
        <div className="actions actions-split">
          <button type="button" className="link-button" onClick={() => setUseRecovery(!useRecovery)}>
            {useRecovery ? 'Use the authenticator app instead' : 'I do not have my phone: use a recovery code'}
          </button>
          <SignOutButton label="Cancel and sign out" className="link-button" />
        </div>
      </section>
    </main>
  );
}

function TotpForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof verifyMfaInput>, unknown, z.output<typeof verifyMfaInput>>({
    resolver: zodResolver(verifyMfaInput),
    defaultValues: { code: '' },
  });
  const submit = async (values: z.output<typeof verifyMfaInput>) => {
    setFormError(null);
    const result = await runCommand(() => clinic().auth.verifyMfa(values));
    if (result.ok) return;
    resetField('code');
    setFormError(applyFailure(result, setError, ['code']));
  };
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(submit)(event)} className="stack">
      <p>Open the authenticator app on your phone and type the 6-digit code it shows for Zahanati.</p>
      <TextField
        label="6-digit code"
        registration={register('code')}
        error={errors.code?.message}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        spellCheck={false}
        autoFocus
        className="field-code"
      />
      <FormError message={formError} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Checking…' : 'Continue'}
      </button>
    </form>
  );
}

function RecoveryCodeForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof recoveryCodeInput>, unknown, z.output<typeof recoveryCodeInput>>({
    resolver: zodResolver(recoveryCodeInput),
    defaultValues: { code: '' },
  });
  const submit = async (values: z.output<typeof recoveryCodeInput>) => {
    setFormError(null);
    const result = await runCommand(() => clinic().auth.useRecoveryCode(values));
    if (result.ok) return;
    resetField('code');
    setFormError(applyFailure(result, setError, ['code']));
  };
  return (
    <form noValidate onSubmit={(event) => void handleSubmit(submit)(event)} className="stack">
      <p>
        Type one of the recovery codes you saved when you set up the authenticator. Each code works once. If you have
        lost your phone, ask an administrator to reset your authenticator afterwards.
      </p>
      <TextField
        label="Recovery code"
        registration={register('code')}
        error={errors.code?.message}
        autoComplete="off"
        maxLength={11}
        spellCheck={false}
        autoFocus
        className="field-code"
      />
      <FormError message={formError} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Checking…' : 'Continue'}
      </button>
    </form>
  );
}
