import { translatedResolver } from '../ui/translated-resolver';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import type { z } from 'zod';
import { createUserInput } from '../../../shared/api/identity';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { suggestTemporaryPassword } from '../identity/passwords';
import { applyFailure } from '../ui/failure';
import { FormError, TextField } from '../ui/form';
import { RolePicker } from './RolePicker';
import { temporaryPasswordHint } from './temporary-password';
import { useUsersStore } from './users-store';
import { useTranslation } from 'react-i18next';

type CreateUserValues = z.output<typeof createUserInput>;

export function CreateUserScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const put = useUsersStore((store) => store.put);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof createUserInput>, unknown, CreateUserValues>({
    resolver: translatedResolver(createUserInput),
    defaultValues: { username: '', displayName: '', roles: [], temporaryPassword: '' },
  });

  const submit = async (values: CreateUserValues) => {
    setFormError(null);
    const result = await runCommand(() => clinic().users.create(values));
    if (result.ok) {
      put(result.value);
      void navigate(`/users/${result.value.id}`, {
        state: {
          notice: t('users.createUserScreen.created', {
            name: result.value.displayName,
            username: result.value.username,
          }),
        },
      });
      return;
    }
    setFormError(applyFailure(result, setError, ['username', 'displayName', 'roles', 'temporaryPassword']));
  };

  return (
    <section aria-labelledby="create-user-title" className="page">
      <p className="breadcrumb">
        <Link to="/users">{t('users.createUserScreen.users')}</Link> ›
      </p>
      <h1 id="create-user-title">{t('users.createUserScreen.createUser')}</h1>
      <form noValidate onSubmit={(event) => void handleSubmit(submit)(event)} className="panel form-grid">
        <div className="stack">
          <TextField
            label={t('users.createUserScreen.fullName')}
            registration={register('displayName')}
            error={errors.displayName?.message}
            autoComplete="off"
            autoFocus
          />
          <TextField
            label={t('users.createUserScreen.username')}
            hint={t('users.createUserScreen.usedToSignInLetters')}
            registration={register('username')}
            error={errors.username?.message}
            autoComplete="off"
            spellCheck={false}
          />
          <TextField
            label={t('users.createUserScreen.temporaryPassword')}
            hint={temporaryPasswordHint()}
            registration={register('temporaryPassword')}
            error={errors.temporaryPassword?.message}
            autoComplete="off"
            spellCheck={false}
            className="field-mono"
          />
          <button
            type="button"
            className="secondary align-start"
            onClick={() =>
              setValue('temporaryPassword', suggestTemporaryPassword(), { shouldValidate: true, shouldDirty: true })
            }
          >
            {t('users.createUserScreen.suggestATemporaryPassword')}
          </button>
        </div>
        <Controller
          control={control}
          name="roles"
          render={({ field, fieldState }) => (
            <RolePicker
              value={field.value}
              onChange={field.onChange}
              error={fieldState.error?.message}
              firstInputRef={field.ref}
            />
          )}
        />
        <div className="form-footer">
          <FormError message={formError} />
          <div className="actions">
            <button type="submit" disabled={isSubmitting}>
              {isSubmitting ? t('users.createUserScreen.creating') : t('users.createUserScreen.createUser')}
            </button>
            <Link to="/users" className="button secondary">
              {t('users.createUserScreen.cancel')}
            </Link>
          </div>
        </div>
      </form>
    </section>
  );
}
