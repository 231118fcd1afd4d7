import { translatedResolver } from '../ui/translated-resolver';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useLocation, useParams } from 'react-router';
import type { z } from 'zod';
import type { CommandResult } from '../../../shared/api/errors';
import { resetPasswordInput, updateUserInput, type UserSummary } from '../../../shared/api/identity';
import { PERMISSION_KEYS } from '../../../shared/security/permissions';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { useCan, useSignedIn } from '../identity/identity-store';
import { suggestTemporaryPassword } from '../identity/passwords';
import { roleLabels } from '../identity/roles-text';
import { ConfirmAction } from '../ui/ConfirmAction';
import { applyFailure } from '../ui/failure';
import { FormError, Notice, TextField } from '../ui/form';
import { temporaryPasswordHint } from './temporary-password';
import { UserStatusText } from './UserStatusText';
import { userStatus, useUsersStore } from './users-store';
import { useTranslation } from 'react-i18next';

/** The notice another screen passed along in the navigation state (e.g. "created"), if any. */
function noticeFrom(state: unknown): string | null {
  if (typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string') {
    return state.notice;
  }
  return null;
}

/** One user: what they are, and the admin actions this admin's permissions allow. */
export function UserScreen() {
  const { t } = useTranslation();
  const { userId } = useParams();
  const location = useLocation();
  const users = useUsersStore((store) => store.users);
  const loadError = useUsersStore((store) => store.error);

  useEffect(() => {
    if (useUsersStore.getState().users === null) void useUsersStore.getState().load();
  }, []);

  const user = users?.find((candidate) => candidate.id === userId);
  if (user === undefined) {
    return (
      <section aria-labelledby="user-title" className="page">
        <p className="breadcrumb">
          <Link to="/users">{t('users.userScreen.users')}</Link> ›
        </p>
        <h1 id="user-title">{t('users.userScreen.user')}</h1>
        {loadError !== null && (
          <p role="alert" className="form-error">
            {loadError}
          </p>
        )}
        {users === null ? (
          <p aria-live="polite">{t('users.userScreen.loading')}</p>
        ) : (
          <p>{t('users.userScreen.thereIsNoSuchUser')}</p>
        )}
      </section>
    );
  }
  // Keyed by user, so forms and messages never carry over from one user's page to another's.
  return <UserDetails key={user.id} user={user} initialNotice={noticeFrom(location.state)} />;
}

function UserDetails({ user, initialNotice }: { user: UserSummary; initialNotice: string | null }) {
  const { t } = useTranslation();
  const put = useUsersStore((store) => store.put);
  const self = useSignedIn()?.user.id === user.id;
  const can = {
    update: useCan('users.update'),
    assignRoles: useCan('users.assign_roles'),
    unlock: useCan('users.unlock'),
    resetPassword: useCan('users.reset_password'),
    resetMfa: useCan('users.reset_mfa'),
  };
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const status = userStatus(user);

  /** Runs one account action; the user row is replaced with what core returned. */
  const act = async (call: () => Promise<CommandResult<UserSummary>>, done: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const result = await runCommand(call);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return false;
    }
    put(result.value);
    setNotice(done);
    return true;
  };
  const userId = { userId: user.id };
  /** A form further down succeeded: its own message says so, so the one up here would be stale. */
  const settled = (saved: UserSummary) => {
    put(saved);
    setNotice(null);
    setError(null);
  };

  return (
    <section aria-labelledby="user-title" className="page">
      <p className="breadcrumb">
        <Link to="/users">{t('users.userScreen.users')}</Link> ›
      </p>
      <div className="page-heading">
        <h1 id="user-title">{user.displayName}</h1>
        <UserStatusText user={user} />
      </div>
      <Notice message={notice} />
      <FormError message={error} />

      <dl className="facts facts-plain">
        <dt>{t('users.userScreen.username')}</dt>
        <dd>{user.username}</dd>
        <dt>{t('users.userScreen.roles')}</dt>
        <dd>{roleLabels(user.roles)}</dd>
        <dt>{t('users.userScreen.permissions')}</dt>
        <dd>
          {t('users.userScreen.of', { length: user.effectivePermissions.length, length2: PERMISSION_KEYS.length })}
          {user.grants.length + user.revocations.length > 0 &&
            t('users.userScreen.grantedAndRevokedBeyondThe', {
              length: user.grants.length,
              length2: user.revocations.length,
            })}
        </dd>
        <dt>{t('users.userScreen.authenticator')}</dt>
        <dd>{user.mfaEnabled ? t('users.userScreen.on') : t('users.userScreen.off')}</dd>
        <dt>{t('users.userScreen.password')}</dt>
        <dd>
          {user.mustChangePassword
            ? t('users.userScreen.temporaryMustBeChangedAt')
            : t('users.userScreen.chosenByTheUser')}
        </dd>
      </dl>

      <div className="panel-grid">
        {can.assignRoles && (
          <section className="panel" aria-labelledby="user-access-title">
            <h2 id="user-access-title">{t('users.userScreen.rolesAndPermissions')}</h2>
            <p>{t('users.userScreen.changeTheRolesOrGrant')}</p>
            <Link to={`/users/${user.id}/access`} className="button">
              {t('users.userScreen.editAccess')}
            </Link>
          </section>
        )}

        {(can.update || can.unlock || (can.resetMfa && user.mfaEnabled)) && (
          <section className="panel" aria-labelledby="user-account-title">
            <h2 id="user-account-title">{t('users.userScreen.account')}</h2>
            <div className="stack">
              {can.unlock && status === 'locked' && (
                <button
                  type="button"
                  className="align-start"
                  disabled={busy}
                  onClick={() =>
                    void act(
                      () => clinic().users.unlock(userId),
                      t('users.userScreen.canSignInAgain', { name: user.displayName }),
                    )
                  }
                >
                  {t('users.userScreen.unlockAccount')}
                </button>
              )}
              {can.update && user.active && !self && (
                <ConfirmAction
                  label={t('users.userScreen.deactivateAccount')}
                  question={t('users.userScreen.deactivateQuestion', { name: user.displayName })}
                  confirmLabel={t('users.userScreen.deactivate')}
                  danger
                  busy={busy}
                  onConfirm={() =>
                    void act(
                      () => clinic().users.deactivate(userId),
                      t('users.userScreen.deactivated', { name: user.displayName }),
                    )
                  }
                />
              )}
              {can.update && !user.active && (
                <button
                  type="button"
                  className="align-start"
                  disabled={busy}
                  onClick={() =>
                    void act(
                      () => clinic().users.reactivate(userId),
                      t('users.userScreen.canSignInAgain', { name: user.displayName }),
                    )
                  }
                >
                  {t('users.userScreen.reactivateAccount')}
                </button>
              )}
              {can.resetMfa && user.mfaEnabled && (
                <ConfirmAction
                  label={t('users.userScreen.resetAuthenticator')}
                  question={t('users.userScreen.resetMfaQuestion', { name: user.displayName })}
                  confirmLabel={t('users.userScreen.resetAuthenticator')}
                  danger
                  busy={busy}
                  onConfirm={() =>
                    void act(
                      () => clinic().users.resetMfa(userId),
                      t('users.userScreen.mfaReset', { name: user.displayName }),
                    )
                  }
                />
              )}
            </div>
          </section>
        )}

        {can.update && <EditNameForm user={user} onSaved={settled} />}
        {can.resetPassword && <ResetPasswordForm user={user} onSaved={settled} />}
      </div>
    </section>
  );
}

const nameForm = updateUserInput.pick({ displayName: true });
type NameValues = z.output<typeof nameForm>;

function EditNameForm({ user, onSaved }: { user: UserSummary; onSaved(user: UserSummary): void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
    reset,
  } = useForm<z.input<typeof nameForm>, unknown, NameValues>({
    resolver: translatedResolver(nameForm),
    defaultValues: { displayName: user.displayName },
  });
  const submit = async (values: NameValues) => {
    setFormError(null);
    setNotice(null);
    const result = await runCommand(() => clinic().users.update({ userId: user.id, ...values }));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['displayName']));
      return;
    }
    onSaved(result.value);
    reset({ displayName: result.value.displayName });
    setNotice(t('users.userScreen.nameSaved'));
  };
  return (
    <form
      className="panel stack"
      aria-labelledby="user-name-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="user-name-title">{t('users.userScreen.name')}</h2>
      <TextField
        label={t('users.userScreen.fullName')}
        registration={register('displayName')}
        error={errors.displayName?.message}
        autoComplete="off"
      />
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" className="align-start" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? t('users.userScreen.saving') : t('users.userScreen.saveName')}
      </button>
    </form>
  );
}

const resetForm = resetPasswordInput.pick({ temporaryPassword: true });
type ResetValues = z.output<typeof resetForm>;

function ResetPasswordForm({ user, onSaved }: { user: UserSummary; onSaved(user: UserSummary): void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof resetForm>, unknown, ResetValues>({
    resolver: translatedResolver(resetForm),
    defaultValues: { temporaryPassword: '' },
  });
  const submit = async (values: ResetValues) => {
    setFormError(null);
    setNotice(null);
    const result = await runCommand(() => clinic().users.resetPassword({ userId: user.id, ...values }));
    if (!result.ok) {
      setFormError(applyFailure(result, setError, ['temporaryPassword']));
      return;
    }
    onSaved(result.value);
    reset();
    setNotice(t('users.userScreen.passwordReset', { name: user.displayName }));
  };
  return (
    <form
      className="panel stack"
      aria-labelledby="user-reset-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="user-reset-title">{t('users.userScreen.resetPassword')}</h2>
      <p>{t('users.userScreen.forSomeoneWhoForgotTheir')}</p>
      <TextField
        label={t('users.userScreen.temporaryPassword')}
        hint={temporaryPasswordHint()}
        registration={register('temporaryPassword')}
        error={errors.temporaryPassword?.message}
        autoComplete="off"
        spellCheck={false}
        className="field-mono"
      />
      <Notice message={notice} />
      <FormError message={formError} />
      <div className="actions">
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('users.userScreen.resetting') : t('users.userScreen.resetPassword')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setValue('temporaryPassword', suggestTemporaryPassword(), { shouldValidate: true, shouldDirty: true })
          }
        >
          {t('users.userScreen.suggestAPassword')}
        </button>
      </div>
    </form>
  );
}
