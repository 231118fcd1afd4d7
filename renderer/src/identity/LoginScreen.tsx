import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { loginInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, PasswordField, TextField } from '../ui/form';
import { useIdentityStore } from './identity-store';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useTranslation } from 'react-i18next';

type LoginValues = z.output<typeof loginInput>;

export function LoginScreen() {
  const { t } = useTranslation();
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
    resolver: translatedResolver(loginInput),
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
      <LanguageSwitch className="gate-language" />
      <form
        className="card"
        aria-labelledby="login-title"
        noValidate
        onSubmit={(event) => void handleSubmit(submit)(event)}
      >
        <h1 id="login-title">{t('identity.loginScreen.signIn')}</h1>
        {facility !== null && (
          <p className="muted" data-testid="facility-name">
            {t('identity.loginScreen.mfl', { name: facility.name, mflCode: facility.mflCode, county: facility.county })}
          </p>
        )}
        {justSetUp && <Notice message={t('identity.loginScreen.theFacilityIsSetUp')} />}
        <TextField
          label={t('identity.loginScreen.username')}
          registration={register('username')}
          error={errors.username?.message}
          autoComplete="username"
          spellCheck={false}
          autoFocus
        />
        <PasswordField
          label={t('identity.loginScreen.password')}
          registration={register('password')}
          error={errors.password?.message}
          autoComplete="current-password"
        />
        <FormError message={formError} />
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('identity.loginScreen.signingIn') : t('identity.loginScreen.signIn')}
        </button>
      </form>
    </main>
  );
}
