import type { ReactNode } from 'react';
import type { PermissionKey } from '../../../shared/security/permissions';
import { useCan } from './identity-store';
import { useTranslation } from 'react-i18next';

/**
 * Keeps a screen out of sight when core says the user lacks its permission
 * (a bookmarked or typed address). Core refuses the commands regardless.
 */
export function RequirePermission({ permission, children }: { permission: PermissionKey; children: ReactNode }) {
  const { t } = useTranslation();
  const allowed = useCan(permission);
  if (allowed) return <>{children}</>;
  return (
    <section aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{t('identity.requirePermission.notAvailableToYourRole')}</h1>
      <p>{t('identity.requirePermission.yourAccountDoesNotInclude')}</p>
    </section>
  );
}
