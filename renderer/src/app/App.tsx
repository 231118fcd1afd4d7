import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { AlertsScreen } from '../alerts/AlertsScreen';
import { AppointmentsScreen } from '../appointments/AppointmentsScreen';
import { AuditScreen } from '../audit/AuditScreen';
import { BreakGlassReviewScreen } from '../break-glass/BreakGlassReviewScreen';
import { LabWorklistScreen } from '../clinical/LabWorklistScreen';
import { QueueScreen } from '../clinical/QueueScreen';
import { VisitScreen } from '../clinical/VisitScreen';
import { AccountAuthenticatorScreen } from '../identity/AccountAuthenticatorScreen';
import { IdentityGate } from '../identity/IdentityGate';
import { MyAccountScreen } from '../identity/MyAccountScreen';
import { RequirePermission } from '../identity/RequirePermission';
import { SecurityPolicyScreen } from '../identity/SecurityPolicyScreen';
import { DemoDataScreen } from '../patients/DemoDataScreen';
import { EditPatientScreen } from '../patients/EditPatientScreen';
import { FindPatientScreen } from '../patients/FindPatientScreen';
import { PatientChartScreen } from '../patients/PatientChartScreen';
import { RegisterPatientScreen } from '../patients/RegisterPatientScreen';
import { AboutScreen } from '../system/AboutScreen';
import { ShiftScheduleScreen } from '../shifts/ShiftScheduleScreen';
import { HomeScreen } from '../system/HomeScreen';
import { ConflictReviewScreen } from '../sync/ConflictReviewScreen';
import { RecoveryKitScreen } from '../sync/RecoveryKitScreen';
import { SyncScreen } from '../sync/SyncScreen';
import { CreateUserScreen } from '../users/CreateUserScreen';
import { UserAccessScreen } from '../users/UserAccessScreen';
import { UserScreen } from '../users/UserScreen';
import { UsersScreen } from '../users/UsersScreen';
import { WorkstationGate } from '../workstation/WorkstationGate';
import { AppFrame } from './AppFrame';

// Hash routing: the app is served from app://zahanati/index.html, and a reload
// must land on the same file whatever the route.
const router = createHashRouter([
  {
    path: '/',
    element: <AppFrame />,
    children: [
      { index: true, element: <HomeScreen /> },
      { path: 'about', element: <AboutScreen /> },
      { path: 'account', element: <MyAccountScreen /> },
      { path: 'account/authenticator', element: <AccountAuthenticatorScreen /> },
      {
        path: 'users',
        element: (
          <RequirePermission permission="users.read">
            <UsersScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'users/new',
        element: (
          <RequirePermission permission="users.create">
            <CreateUserScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'users/:userId',
        element: (
          <RequirePermission permission="users.read">
            <UserScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'users/:userId/access',
        element: (
          <RequirePermission permission="users.assign_roles">
            <UserAccessScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'shifts',
        element: (
          <RequirePermission permission="shifts.read">
            <ShiftScheduleScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.view">
            <AuditScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'alerts',
        element: (
          <RequirePermission permission="alerts.view">
            <AlertsScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'queue',
        element: (
          <RequirePermission permission="encounters.read">
            <QueueScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'lab',
        element: (
          <RequirePermission permission="labs.read">
            <LabWorklistScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'settings/demo-data',
        element: (
          <RequirePermission permission="settings.manage">
            <DemoDataScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'visits/:visitId/:workspace',
        element: (
          <RequirePermission permission="encounters.read">
            <VisitScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'settings/security',
        element: (
          <RequirePermission permission="settings.security">
            <SecurityPolicyScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'patients',
        element: (
          <RequirePermission permission="patients.read">
            <FindPatientScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'patients/new',
        element: (
          <RequirePermission permission="patients.create">
            <RegisterPatientScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'patients/:patientId',
        element: (
          <RequirePermission permission="patients.read">
            <PatientChartScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'patients/:patientId/edit',
        element: (
          <RequirePermission permission="patients.update">
            <EditPatientScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'appointments',
        element: (
          <RequirePermission permission="appointments.read">
            <AppointmentsScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'break-glass',
        element: (
          <RequirePermission permission="break_glass.review">
            <BreakGlassReviewScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'sync',
        element: (
          <RequirePermission permission="sync.view">
            <SyncScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'sync/conflicts',
        element: (
          <RequirePermission permission="sync.resolve_conflicts">
            <ConflictReviewScreen />
          </RequirePermission>
        ),
      },
      {
        path: 'sync/recovery-kit',
        element: (
          <RequirePermission permission="devices.rotate_keys">
            <RecoveryKitScreen />
          </RequirePermission>
        ),
      },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

const goHome = () => void router.navigate('/', { replace: true });

export function App() {
  return (
    <WorkstationGate>
      <IdentityGate onSignedOut={goHome}>
        <RouterProvider router={router} />
      </IdentityGate>
    </WorkstationGate>
  );
}
