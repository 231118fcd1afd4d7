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
import type { en } from '../i18n/en';
import { LanguageSwitch } from '../i18n/LanguageSwitch';
import { useTranslation } from 'react-i18next';

type NavLabel = keyof typeof en.app.nav;

interface NavItem {
  to: string;
  /** Key under app.nav in the i18n resources. */
  label: NavLabel;
  end: boolean;
  /** Shown only to users core says hold this permission; core still refuses the commands. */
  permission?: PermissionKey;
}

const NAVIGATION: readonly NavItem[] = [
  { to: '/', label: 'home', end: true },
  { to: '/patients', label: 'findPatient', end: false, permission: 'patients.read' },
  { to: '/appointments', label: 'appointments', end: false, permission: 'appointments.read' },
  { to: '/queue', label: 'queue', end: false, permission: 'encounters.read' },
  { to: '/lab', label: 'labWorklist', end: false, permission: 'labs.enter_result' },
  { to: '/shifts', label: 'shiftSchedule', end: false, permission: 'shifts.read' },
  { to: '/users', label: 'users', end: false, permission: 'users.read' },
  { to: '/audit', label: 'auditTrail', end: false, permission: 'audit.view' },
  { to: '/alerts', label: 'securityAlerts', end: false, permission: 'alerts.view' },
  { to: '/break-glass', label: 'emergencyAccessReview', end: false, permission: 'break_glass.review' },
  { to: '/settings/security', label: 'securitySettings', end: false, permission: 'settings.security' },
  { to: '/settings/demo-data', label: 'demoData', end: false, permission: 'settings.manage' },
  { to: '/sync', label: 'sync', end: false, permission: 'sync.view' },
  { to: '/account', label: 'myAccount', end: false },
  { to: '/about', label: 'aboutThisWorkstation', end: false },
];

export function AppFrame() {
  const { t } = useTranslation();
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
        <span className="brand">{t('app.appFrame.zahanati')}</span>
        {facility !== null && <span className="facility">{facility.name}</span>}
        <ShiftHeaderStatus />
        <SyncHeaderStatus />
        <LanguageSwitch />
        <HeaderSessionControls />
      </header>
      <nav className="frame-nav" aria-label={t('app.appFrame.main')}>
        <ul>
          {visible.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {t(`app.nav.${item.label}`)}
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
