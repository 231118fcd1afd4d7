import { zodResolver } from '@hookform/resolvers/zod';
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
import { TEMPORARY_PASSWORD_HINT } from './temporary-password';
import { UserStatusText } from './UserStatusText';
import { userStatus, useUsersStore } from './users-store';

/** The notice another screen passed along in the navigation state (e.g. "created"), if any. */
function noticeFrom(state: unknown): string | null {
  if (typeof state === 'object' && state !== null && 'notice' in state && typeof state.notice === 'string') {
    return state.notice;
  }
  return null;
}

/** One user: what they are, and the admin actions this admin's permissions allow. */
export function UserScreen() {
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
          <Link to="/users">Users</Link> ›
        </p>
        <h1 id="user-title">User</h1>
        {loadError !== null && (
          <p role="alert" className="form-error">
            {loadError}
          </p>
        )}
        {users === null ? <p aria-live="polite">Loading…</p> : <p>There is no such user.</p>}
      </section>
    );
  }
  // Keyed by user, so forms and messages never carry over from one user's page to another's.
  return <UserDetails key={user.id} user={user} initialNotice={noticeFrom(location.state)} />;
}

function UserDetails({ user, initialNotice }: { user: UserSummary; initialNotice: string | null }) {
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
        <Link to="/users">Users</Link> ›
      </p>
      <div className="page-heading">
        <h1 id="user-title">{user.displayName}</h1>
        <UserStatusText user={user} />
      </div>
      <Notice message={notice} />
      <FormError message={error} />

      <dl className="facts facts-plain">
        <dt>Username</dt>
        <dd>{user.username}</dd>
        <dt>Roles</dt>
        <dd>{roleLabels(user.roles)}</dd>
        <dt>Permissions</dt>
        <dd>
          {user.effectivePermissions.length} of {PERMISSION_KEYS.length}
          {user.grants.length + user.revocations.length > 0 &&
            ` (${user.grants.length} granted and ${user.revocations.length} revoked beyond the roles)`}
        </dd>
        <dt>Authenticator</dt>
        <dd>{user.mfaEnabled ? 'On' : 'Off'}</dd>
        <dt>Password</dt>
        <dd>{user.mustChangePassword ? 'Temporary: must be changed at next sign-in' : 'Chosen by the user'}</dd>
      </dl>

      <div className="panel-grid">
        {can.assignRoles && (
          <section className="panel" aria-labelledby="user-access-title">
            <h2 id="user-access-title">Roles and permissions</h2>
            <p>Change the roles, or grant and revoke single permissions, and see what the user may do as a result.</p>
            <Link to={`/users/${user.id}/access`} className="button">
              Edit access
            </Link>
          </section>
        )}

        {(can.update || can.unlock || (can.resetMfa && user.mfaEnabled)) && (
          <section className="panel" aria-labelledby="user-account-title">
            <h2 id="user-account-title">Account</h2>
            <div className="stack">
              {can.unlock && status === 'locked' && (
                <button
                  type="button"
                  className="align-start"
                  disabled={busy}
                  onClick={() =>
                    void act(() => clinic().users.unlock(userId), `${user.displayName} can sign in again.`)
                  }
                >
                  Unlock account
                </button>
              )}
              {can.update && user.active && !self && (
                <ConfirmAction
                  label="Deactivate account"
                  question={`${user.displayName} will be signed out and cannot sign in until the account is reactivated. Their records stay.`}
                  confirmLabel="Deactivate"
                  danger
                  busy={busy}
                  onConfirm={() =>
                    void act(() => clinic().users.deactivate(userId), `${user.displayName} is deactivated.`)
                  }
                />
              )}
              {can.update && !user.active && (
                <button
                  type="button"
                  className="align-start"
                  disabled={busy}
                  onClick={() =>
                    void act(() => clinic().users.reactivate(userId), `${user.displayName} can sign in again.`)
                  }
                >
                  Reactivate account
                </button>
              )}
              {can.resetMfa && user.mfaEnabled && (
                <ConfirmAction
                  label="Reset authenticator"
                  question={`${user.displayName}'s authenticator and recovery codes stop working; they set up a new one at their next sign-in. You will be asked for your password and code.`}
                  confirmLabel="Reset authenticator"
                  danger
                  busy={busy}
                  onConfirm={() =>
                    void act(() => clinic().users.resetMfa(userId), `${user.displayName}'s authenticator is reset.`)
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
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
    reset,
  } = useForm<z.input<typeof nameForm>, unknown, NameValues>({
    resolver: zodResolver(nameForm),
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
    setNotice('Name saved.');
  };
  return (
    <form
      className="panel stack"
      aria-labelledby="user-name-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="user-name-title">Name</h2>
      <TextField
        label="Full name"
        registration={register('displayName')}
        error={errors.displayName?.message}
        autoComplete="off"
      />
      <Notice message={notice} />
      <FormError message={formError} />
      <button type="submit" className="align-start" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? 'Saving…' : 'Save name'}
      </button>
    </form>
  );
}

const resetForm = resetPasswordInput.pick({ temporaryPassword: true });
type ResetValues = z.output<typeof resetForm>;

function ResetPasswordForm({ user, onSaved }: { user: UserSummary; onSaved(user: UserSummary): void }) {
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
    resolver: zodResolver(resetForm),
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
    setNotice(
      `${user.displayName}'s password is reset. Give them the temporary password; they must change it when they sign in.`,
    );
  };
  return (
    <form
      className="panel stack"
      aria-labelledby="user-reset-title"
      noValidate
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <h2 id="user-reset-title">Reset password</h2>
      <p>For someone who forgot their password. Their current password stops working at once.</p>
      <TextField
        label="Temporary password"
        hint={TEMPORARY_PASSWORD_HINT}
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
          {isSubmitting ? 'Resetting…' : 'Reset password'}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() =>
            setValue('temporaryPassword', suggestTemporaryPassword(), { shouldValidate: true, shouldDirty: true })
          }
        >
          Suggest a password
        </button>
      </div>
    </form>
  );
}
