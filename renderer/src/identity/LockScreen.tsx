import { translatedResolver } from '../ui/translated-resolver';
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
import { Trans, useTranslation } from 'react-i18next';

/**
 * Shown instead of the app while core holds the session locked (idle, or the
 * Lock button). The app's screens are unmounted, not hidden, so nothing of the
 * previous user's work stays on the page for the next person at the desk.
 */
export function LockScreen({ session }: { session: SignedInStatus }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof unlockInput>, unknown, z.output<typeof unlockInput>>({
    resolver: translatedResolver(unlockInput),
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
        <h1 id="lock-title">{t('identity.lockScreen.thisWorkstationIsLocked')}</h1>
        <p data-testid="locked-by">
          <Trans
            i18nKey="identity.lockScreen.lockedByUser"
            values={{ name: session.user.displayName, username: session.user.username }}
            components={{ strong: <strong /> }}
          />
        </p>
        <p className="muted">
          {t('identity.lockScreen.enterYourPasswordToCarry', { displayName: session.user.displayName })}
        </p>
        <PasswordField
          label={t('identity.lockScreen.password')}
          registration={register('password')}
          error={errors.password?.message}
          autoComplete="current-password"
          autoFocus
        />
        <FormError message={formError} />
        <div className="actions">
          <button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('identity.lockScreen.unlocking') : t('identity.lockScreen.unlock')}
          </button>
          <SignOutButton label={t('identity.lockScreen.switchUser')} />
        </div>
      </form>
    </main>
  );
}
