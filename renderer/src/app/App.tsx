import { createHashRouter, Navigate, RouterProvider } from 'react-router';
import { AboutScreen } from '../system/AboutScreen';
import { HomeScreen } from '../system/HomeScreen';
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
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

export function App() {
  return (
    <WorkstationGate>
      <RouterProvider router={router} />
    </WorkstationGate>
  );
}
