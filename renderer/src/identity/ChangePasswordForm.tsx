import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { changePasswordInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { applyFailure } from '../ui/failure';
import { FormError, PasswordField } from '../ui/form';
import { confirmed, newPasswordHint } from './passwords';
import { useTranslation } from 'react-i18next';

const changePasswordForm = confirmed(
  changePasswordInput.extend({ newPasswordConfirmation: z.string() }),
  'newPassword',
  'newPasswordConfirmation',
);
type ChangePasswordValues = z.output<typeof changePasswordForm>;

interface ChangePasswordFormProps {
  /** What the current password is called here: the temporary one after a reset, the user's own otherwise. */
  currentLabel: string;
  submitLabel: string;
  autoFocus: boolean;
  onChanged(): void;
}

/** auth.changePassword: the current password, then the new one twice. */
export function ChangePasswordForm({ currentLabel, submitLabel, autoFocus, onChanged }: ChangePasswordFormProps) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof changePasswordForm>, unknown, ChangePasswordValues>({
    resolver: translatedResolver(changePasswordForm),
    defaultValues: { currentPassword: '', newPassword: '', newPasswordConfirmation: '' },
  });

  const submit = async (values: ChangePasswordValues) => {
    setFormError(null);
    const result = await runCommand(() =>
      clinic().auth.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    );
    if (result.ok) {
      // Passwords do not linger in the form once they have done their job.
      reset();
      onChanged();
      return;
    }
    setFormError(applyFailure(result, setError, ['currentPassword', 'newPassword']));
  };

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(submit)(event)} className="stack">
      <PasswordField
        label={currentLabel}
        registration={register('currentPassword')}
        error={errors.currentPassword?.message}
        autoComplete="current-password"
        autoFocus={autoFocus}
      />
      <PasswordField
        label={t('identity.changePasswordForm.newPassword')}
        hint={newPasswordHint()}
        registration={register('newPassword')}
        error={errors.newPassword?.message}
        autoComplete="new-password"
      />
      <PasswordField
        label={t('identity.changePasswordForm.typeTheNewPasswordAgain')}
        registration={register('newPasswordConfirmation')}
        error={errors.newPasswordConfirmation?.message}
        autoComplete="new-password"
      />
      <FormError message={formError} />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? t('identity.changePasswordForm.saving') : submitLabel}
      </button>
    </form>
  );
}
