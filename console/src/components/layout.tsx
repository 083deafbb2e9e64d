import type { ComponentChildren } from 'preact';
import { REGIONS } from '../lib/regions';
import { Link, useLocation } from '../lib/router';
import { useSession } from '../lib/session';

const NAV = [
  { to: '/secrets', label: 'Secrets', match: ['/', '/secrets', '/secrets/new', '/secret'] },
  { to: '/audit', label: 'Audit trail', match: ['/audit'] },
  { to: '/password', label: 'Password generator', match: ['/password'] },
  { to: '/users', label: 'Users and keys', match: ['/users'] },
];

export function Layout({ children }: { children: ComponentChildren }) {
  const { info, region, setRegion, signOut } = useSession();
  const { path } = useLocation();
  const p = info.principal;
  return (
    <div class="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <Link to="/secrets" class="brand">
          <img src="/console/favicon.svg" alt="" width={24} height={24} />
          <span>Strongroom</span>
        </Link>
        <div class="topbar-right">
          <label class="region-select">
            <span class="muted small">Region</span>
            <select
              class="input input-compact"
              aria-label="Region"
              value={region}
              onChange={(e) => setRegion(e.currentTarget.value)}
            >
              {REGIONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <span class="identity" title={p?.arn}>
            <span class="identity-name">{p?.userName}</span>
            <span class="muted small">{p?.accountId}</span>
          </span>
          <button type="button" class="btn" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <div class="shell">
        <nav class="sidenav" aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} class="nav-link" aria-current={n.match.includes(path) ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
          {info.dev && <p class="dev-note small">Dev mode: any credentials are accepted.</p>}
        </nav>
        <main id="main" class="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

/** The page heading, also the document title (what a screen reader announces on navigation). */
export function PageTitle({ title, children }: { title: string; children?: ComponentChildren }) {
  document.title = `${title} · Strongroom`;
  return (
    <div class="page-header">
      <h1>{title}</h1>
      {children && <div class="page-actions">{children}</div>}
    </div>
  );
}
