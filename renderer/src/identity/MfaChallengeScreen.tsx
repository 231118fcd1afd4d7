import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { recoveryCodeInput, verifyMfaInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { SignOutButton } from './SignOutButton';
import { useTranslation } from 'react-i18next';

/** Second step of signing in for a user with MFA: a code from the app, or one of the recovery codes. */
export function MfaChallengeScreen() {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  return (
    <main className="gate">
      <section className="card" aria-labelledby="mfa-challenge-title">
        <h1 id="mfa-challenge-title">
          {useRecovery
            ? t('identity.mfaChallengeScreen.useARecoveryCode')
            : t('identity.mfaChallengeScreen.enterYourAuthenticatorCode')}
        </h1>
        {useRecovery ? <RecoveryCodeForm /> : <TotpForm />}
        <div className="actions actions-split">
          <button type="button" className="link-button" onClick={() => setUseRecovery(!useRecovery)}>
            {useRecovery
              ? t('identity.mfaChallengeScreen.useTheAuthenticatorAppInstead')
              : t('identity.mfaChallengeScreen.iDoNotHaveMy')}
          </button>
          <SignOutButton label={t('identity.mfaChallengeScreen.cancelAndSignOut')} className="link-button" />
        </div>
      </section>
    </main>
  );
}

function TotpForm() {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof verifyMfaInput>, unknown, z.output<typeof verifyMfaInput>>({
    resolver: translatedResolver(verifyMfaInput),
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
      <p>{t('identity.mfaChallengeScreen.openTheAuthenticatorAppOn')}</p>
      <TextField
        label={t('identity.mfaChallengeScreen.n6DigitCode')}
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
        {isSubmitting ? t('identity.mfaChallengeScreen.checking') : t('identity.mfaChallengeScreen.continue')}
      </button>
    </form>
  );
}

function RecoveryCodeForm() {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof recoveryCodeInput>, unknown, z.output<typeof recoveryCodeInput>>({
    resolver: translatedResolver(recoveryCodeInput),
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
      <p>{t('identity.mfaChallengeScreen.typeOneOfTheRecovery')}</p>
      <TextField
        label={t('identity.mfaChallengeScreen.recoveryCode')}
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
        {isSubmitting ? t('identity.mfaChallengeScreen.checking') : t('identity.mfaChallengeScreen.continue')}
      </button>
    </form>
  );
}
