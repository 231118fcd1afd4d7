import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { UserSummary } from '../../../shared/api/identity';
import {
  PERMISSION_CATEGORIES,
  PERMISSION_KEYS,
  PERMISSIONS,
  type PermissionCategory,
  type PermissionKey,
} from '../../../shared/security/permissions';
import { clinic } from '../clinic';
import { runCommand } from '../commands/run-command';
import { FormError } from '../ui/form';
import { effectiveOf, normalisedOverrides, permissionSource, togglePermission, type AccessDraft } from './access-model';
import { permissionCategoryLabel, permissionDescription } from '../identity/roles-text';
import { RolePicker } from './RolePicker';
import { useUsersStore } from './users-store';
import { Trans, useTranslation } from 'react-i18next';

const CATEGORY_KEYS = Object.keys(PERMISSION_CATEGORIES) as PermissionCategory[];
const PERMISSIONS_BY_CATEGORY = new Map<PermissionCategory, PermissionKey[]>(
  CATEGORY_KEYS.map((category) => [category, PERMISSION_KEYS.filter((key) => PERMISSIONS[key].category === category)]),
);

export function UserAccessScreen() {
  const { t } = useTranslation();
  const { userId } = useParams();
  const users = useUsersStore((store) => store.users);
  useEffect(() => {
    if (useUsersStore.getState().users === null) void useUsersStore.getState().load();
  }, []);
  const user = users?.find((candidate) => candidate.id === userId);
  if (user === undefined) {
    return (
      <section className="page" aria-labelledby="access-title">
        <h1 id="access-title">{t('users.userAccessScreen.editAccess')}</h1>
        {users === null ? (
          <p aria-live="polite">{t('users.userAccessScreen.loading')}</p>
        ) : (
          <p>{t('users.userAccessScreen.thereIsNoSuchUser')}</p>
        )}
      </section>
    );
  }
  return <AccessEditor key={user.id} user={user} />;
}

/**
 * Roles plus per-permission exceptions, with the effective set recomputed on
 * every change by the same effectivePermissions core uses. Saving is a
 * high-risk command: core asks for step-up, which runCommand handles.
 */
function AccessEditor({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const put = useUsersStore((store) => store.put);
  const [draft, setDraft] = useState<AccessDraft>({
    roles: user.roles,
    grants: new Set(user.grants),
    revocations: new Set(user.revocations),
  });
  const [formError, setFormError] = useState<string | null>(null);
  const [rolesError, setRolesError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const effective = useMemo(() => effectiveOf(draft), [draft]);
  const overrides = useMemo(() => normalisedOverrides(draft), [draft]);

  const save = async () => {
    setFormError(null);
    setRolesError(undefined);
    if (draft.roles.length === 0) {
      setRolesError(t('users.userAccessScreen.chooseRole'));
      return;
    }
    setSaving(true);
    const result = await runCommand(() =>
      clinic().users.setAccess({ userId: user.id, roles: [...draft.roles], ...overrides }),
    );
    setSaving(false);
    if (result.ok) {
      put(result.value);
      void navigate(`/users/${user.id}`, {
        state: { notice: t('users.userAccessScreen.saved', { name: user.displayName }) },
      });
      return;
    }
    const rolesIssue = result.issues?.find((issue) => issue.path === 'roles');
    if (rolesIssue !== undefined) setRolesError(rolesIssue.message);
    setFormError(result.message);
  };

  return (
    <section className="page" aria-labelledby="access-title">
      <p className="breadcrumb">
        <Link to="/users">{t('users.userAccessScreen.users')}</Link> ›{' '}
        <Link to={`/users/${user.id}`}>{user.displayName}</Link> ›
      </p>
      <h1 id="access-title">{t('users.userAccessScreen.accessFor', { displayName: user.displayName })}</h1>
      <form
        className="access-layout"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <div className="stack">
          <div className="panel">
            <RolePicker value={draft.roles} onChange={(roles) => setDraft({ ...draft, roles })} error={rolesError} />
          </div>
          <div className="panel">
            <h2>{t('users.userAccessScreen.permissions')}</h2>
            <p className="hint">{t('users.userAccessScreen.tickedMeansAllowedUntickSomething')}</p>
            {CATEGORY_KEYS.map((category) => (
              <CategoryPermissions
                key={category}
                category={category}
                draft={draft}
                effective={effective}
                onToggle={(permission, allowed) => setDraft(togglePermission(draft, permission, allowed))}
              />
            ))}
          </div>
        </div>
        <aside className="panel access-summary" aria-labelledby="effective-title">
          <h2 id="effective-title">{t('users.userAccessScreen.effectiveAccess')}</h2>
          <p data-testid="effective-count">
            <Trans
              i18nKey="users.userAccessScreen.effectiveCount"
              values={{ granted: effective.size, length: PERMISSION_KEYS.length }}
              components={{ strong: <strong /> }}
            />
          </p>
          <OverrideList title={t('users.userAccessScreen.grantedBeyondTheRoles')} permissions={overrides.grants} />
          <OverrideList title={t('users.userAccessScreen.revokedFromTheRoles')} permissions={overrides.revocations} />
          <FormError message={formError} />
          <div className="actions">
            <button type="submit" disabled={saving}>
              {saving ? t('users.userAccessScreen.saving') : t('users.userAccessScreen.saveAccess')}
            </button>
            <Link to={`/users/${user.id}`} className="button secondary">
              {t('users.userAccessScreen.cancel')}
            </Link>
          </div>
          <p className="hint">{t('users.userAccessScreen.savingAsksYouToConfirm')}</p>
        </aside>
      </form>
    </section>
  );
}

interface CategoryPermissionsProps {
  category: PermissionCategory;
  draft: AccessDraft;
  effective: ReadonlySet<PermissionKey>;
  onToggle(permission: PermissionKey, allowed: boolean): void;
}

function CategoryPermissions({ category, draft, effective, onToggle }: CategoryPermissionsProps) {
  const { t } = useTranslation();
  const id = useId();
  const keys = PERMISSIONS_BY_CATEGORY.get(category) ?? [];
  const allowed = keys.filter((key) => effective.has(key)).length;
  const changed = keys.some((key) => ['granted', 'revoked'].includes(permissionSource(draft, key)));
  return (
    // Open where something differs from the roles, so exceptions are never out of sight.
    <details className="permission-category" open={changed}>
      <summary>
        {permissionCategoryLabel(category)}{' '}
        <span className="muted">{t('users.userAccessScreen.ofAllowed', { allowed, length: keys.length })}</span>
      </summary>
      <ul>
        {keys.map((key) => {
          const source = permissionSource(draft, key);
          return (
            <li key={key}>
              <input
                type="checkbox"
                id={`${id}-${key}`}
                checked={effective.has(key)}
                onChange={(event) => onToggle(key, event.target.checked)}
              />
              <label htmlFor={`${id}-${key}`}>
                {permissionDescription(key)} <span className="mono muted">{key}</span>
              </label>
              {source !== 'none' && (
                <span className={`tag tag-${source}`}>{t(`users.userAccessScreen.source.${source}`)}</span>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function OverrideList({ title, permissions }: { title: string; permissions: readonly PermissionKey[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{title}</h3>
      {permissions.length === 0 ? (
        <p className="muted">{t('users.userAccessScreen.none')}</p>
      ) : (
        <ul className="override-list">
          {permissions.map((key) => (
            <li key={key}>{permissionDescription(key)}</li>
          ))}
        </ul>
      )}
    </>
  );
}
