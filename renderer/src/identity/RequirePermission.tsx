import type { ReactNode } from 'react';
import type { PermissionKey } from '../../../shared/security/permissions';
import { useCan } from './identity-store';

/**
 * Keeps a screen out of sight when core says the user lacks its permission
 * (a bookmarked or typed address). Core refuses the commands regardless.
 */
export function RequirePermission({ permission, children }: { permission: PermissionKey; children: ReactNode }) {
  const allowed = useCan(permission);
  if (allowed) return <>{children}</>;
  return (
    <section aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">Not available to your role</h1>
      <p>Your account does not include this part of Zahanati. Ask a facility admin if you need it for your work.</p>
    </section>
  );
}
