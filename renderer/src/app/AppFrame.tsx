import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import type { PermissionKey } from '../../../shared/security/permissions';
import { BreakGlassBanner } from '../break-glass/BreakGlassBanner';
import { HeaderSessionControls } from '../identity/HeaderSessionControls';
import { useIdentityStore, useSignedIn } from '../identity/identity-store';
import { MfaGraceBanner } from '../identity/MfaGraceBanner';
import { StepUpDialog } from '../identity/StepUpDialog';
import { ShiftHeaderStatus } from '../shifts/ShiftPanel';
import { SyncHeaderStatus } from '../sync/SyncIndicator';

interface NavItem {
  to: string;
  label: string;
  end: boolean;
  /** Shown only to users core says hold this permission; core still refuses the commands. */
  permission?: PermissionKey;
}

const NAVIGATION: readonly NavItem[] = [
  { to: '/', label: 'Home', end: true },
  { to: '/patients', label: 'Find patient', end: false, permission: 'patients.read' },
  { to: '/appointments', label: 'Appointments', end: false, permission: 'appointments.read' },
  { to: '/queue', label: 'Queue', end: false, permission: 'encounters.read' },
  { to: '/lab', label: 'Lab worklist', end: false, permission: 'labs.enter_result' },
  { to: '/shifts', label: 'Shift schedule', end: false, permission: 'shifts.read' },
  { to: '/users', label: 'Users', end: false, permission: 'users.read' },
  { to: '/audit', label: 'Audit trail', end: false, permission: 'audit.view' },
  { to: '/alerts', label: 'Security alerts', end: false, permission: 'alerts.view' },
  { to: '/break-glass', label: 'Emergency access review', end: false, permission: 'break_glass.review' },
  { to: '/settings/security', label: 'Security settings', end: false, permission: 'settings.security' },
  { to: '/settings/demo-data', label: 'Demo data', end: false, permission: 'settings.manage' },
  { to: '/sync', label: 'Sync', end: false, permission: 'sync.view' },
  { to: '/account', label: 'My account', end: false },
  { to: '/about', label: 'About this workstation', end: false },
];

export function AppFrame() {
  const session = useSignedIn();
  const facility = useIdentityStore((store) => store.setup?.facility ?? null);
  const permissions = session?.permissions ?? [];
  const visible = NAVIGATION.filter((item) => item.permission === undefined || permissions.includes(item.permission));
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();

  // After a route change, keyboard and screen-reader users continue from the new content, not the old link,
  // unless the screen has already put focus on its first field.
  useEffect(() => {
    const element = main.current;
    if (element !== null && !element.contains(document.activeElement)) element.focus();
  }, [pathname]);
  return (
    <div className="frame">
      <header className="frame-header">
        <span className="brand">Zahanati</span>
        {facility !== null && <span className="facility">{facility.name}</span>}
        <ShiftHeaderStatus />
        <SyncHeaderStatus />
        <HeaderSessionControls />
      </header>
      <nav className="frame-nav" aria-label="Main">
        <ul>
          {visible.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="frame-main" ref={main} tabIndex={-1}>
        <BreakGlassBanner />
        <MfaGraceBanner />
        <Outlet />
      </main>
      <StepUpDialog />
    </div>
  );
}
