import { useEffect } from 'react';
import { Link } from 'react-router';
import { useCan } from '../identity/identity-store';
import { roleLabels } from '../identity/roles-text';
import { UserStatusText } from './UserStatusText';
import { useUsersStore } from './users-store';
import { useTranslation } from 'react-i18next';

export function UsersScreen() {
  const { t } = useTranslation();
  const { users, loading, error, load } = useUsersStore();
  const canCreate = useCan('users.create');

  useEffect(() => {
    void useUsersStore.getState().load();
  }, []);

  const sorted = [...(users ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <section aria-labelledby="users-title" className="page">
      <div className="page-heading">
        <h1 id="users-title">{t('users.usersScreen.users')}</h1>
        {canCreate && (
          <Link to="/users/new" className="button">
            {t('users.usersScreen.createUser')}
          </Link>
        )}
      </div>
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary" onClick={() => void load()}>
            {t('users.usersScreen.tryAgain')}
          </button>
        </div>
      )}
      {users === null && loading && <p aria-live="polite">{t('users.usersScreen.loading')}</p>}
      {users !== null && (
        <table className="table" aria-labelledby="users-title">
          <thead>
            <tr>
              <th scope="col">{t('users.usersScreen.name')}</th>
              <th scope="col">{t('users.usersScreen.username')}</th>
              <th scope="col">{t('users.usersScreen.roles')}</th>
              <th scope="col">{t('users.usersScreen.status')}</th>
              <th scope="col">{t('users.usersScreen.authenticator')}</th>
              <th scope="col">{t('users.usersScreen.password')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  <Link to={`/users/${user.id}`}>{user.displayName}</Link>
                </th>
                <td className="mono">{user.username}</td>
                <td>{roleLabels(user.roles)}</td>
                <td>
                  <UserStatusText user={user} />
                </td>
                <td>{user.mfaEnabled ? t('users.usersScreen.on') : t('users.usersScreen.off')}</td>
                <td>
                  {user.mustChangePassword
                    ? t('users.usersScreen.mustChangeAtNextSign')
                    : t('users.usersScreen.setByTheUser')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
