/**
 * The frame of every signed-in page: a skip link, the header with the main navigation, the
 * workspace switcher and sign-out, and the page itself in `<main>`.
 */
import { useEffect, useRef } from 'react';
import { useLocation } from './router.ts';
import { useSession } from './session.tsx';

const NAV = [
  { href: '/plans', label: 'Plans' },
  { href: '/settings/integrations/jira', label: 'Jira' },
  { href: '/settings/team', label: 'Team' },
  { href: '/settings/tokens', label: 'API tokens' },
];

/** Wraps a page. */
export function Layout({ children }: { children: React.ReactNode }) {
  const session = useSession();
  const { path } = useLocation();
  const { account, workspace } = session;
  useFocusOnNavigation(path);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/plans">
          Projan
        </a>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.href}>
                <a href={item.href} aria-current={path.startsWith(item.href) ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <label className="switcher">
            <span>Workspace</span>
            <select
              value={workspace.id}
              onChange={(event) => session.switchWorkspace(event.target.value)}
            >
              {account.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.kind === 'team' ? `${w.name} (team, ${w.role})` : `${w.name} (personal)`}
                </option>
              ))}
            </select>
          </label>
          <span className="who" title={account.user.email}>
            {account.user.displayName}
          </span>
          <button
            type="button"
            className="button button-small"
            onClick={() => void session.signOut()}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

// After a page change, screen readers and keyboard users start at the new page's content, as
// they would after a full page load, instead of on the link they left.
function useFocusOnNavigation(path: string): void {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path change is the trigger.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
}
