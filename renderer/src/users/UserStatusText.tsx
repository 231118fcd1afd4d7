import type { UserSummary } from '../../../shared/api/identity';
import { formatDateTime } from '../identity/format';
import { userStatus } from './users-store';
import { useTranslation } from 'react-i18next';

export function UserStatusText({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  switch (userStatus(user)) {
    case 'deactivated':
      return <span className="tag tag-muted">{t('users.userStatusText.deactivated')}</span>;
    case 'locked':
      return (
        <span className="tag tag-warning">
          {t('users.userStatusText.lockedUntil', { value: formatDateTime(user.lockedUntil ?? '') })}
        </span>
      );
    case 'active':
      return <span className="tag tag-ok">{t('users.userStatusText.active')}</span>;
  }
}
