import { useEffect } from 'react';
import { Link } from 'react-router';
import { useCan } from '../identity/identity-store';
import { roleLabels } from '../identity/roles-text';
import { UserStatusText } from './UserStatusText';
import { useUsersStore } from './users-store';

export function UsersScreen() {
  const { users, loading, error, load } = useUsersStore();
  const canCreate = useCan('users.create');

  useEffect(() => {
    void useUsersStore.getState().load();
  }, []);

  const sorted = [...(users ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName));
  return (
    <section aria-labelledby="users-title" className="page">
      <div className="page-heading">
        <h1 id="users-title">Users</h1>
        {canCreate && (
          <Link to="/users/new" className="button">
            Create user
          </Link>
        )}
      </div>
      {error !== null && (
        <div className="stack">
          <p role="alert" className="form-error">
            {error}
          </p>
          <button type="button" className="secondary" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {users === null && loading && <p aria-live="polite">Loading…</p>}
      {users !== null && (
        <table className="table" aria-labelledby="users-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">Authenticator</th>
              <th scope="col">Password</th>
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
                <td>{user.mfaEnabled ? 'On' : 'Off'}</td>
                <td>{user.mustChangePassword ? 'Must change at next sign-in' : 'Set by the user'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
