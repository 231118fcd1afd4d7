import type { UserSummary } from '../../../shared/api/identity';
import { formatDateTime } from '../identity/format';
import { userStatus } from './users-store';

export function UserStatusText({ user }: { user: UserSummary }) {
  switch (userStatus(user)) {
    case 'deactivated':
      return <span className="tag tag-muted">Deactivated</span>;
    case 'locked':
      return <span className="tag tag-warning">Locked until {formatDateTime(user.lockedUntil ?? '')}</span>;
    case 'active':
      return <span className="tag tag-ok">Active</span>;
  }
}
