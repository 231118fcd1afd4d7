import { NavLink, Outlet } from 'react-router';

const NAVIGATION = [
  { to: '/', label: 'Home', end: true },
  { to: '/about', label: 'About this workstation', end: false },
] as const;

export function AppFrame() {
  return (
    <div className="frame">
      <header className="frame-header">
        <span className="brand">Zahanati</span>
      </header>
      <nav className="frame-nav" aria-label="Main">
        <ul>
          {NAVIGATION.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="frame-main">
        <Outlet />
      </main>
    </div>
  );
}
