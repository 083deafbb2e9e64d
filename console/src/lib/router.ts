import type { ComponentChildren, JSX } from 'preact';
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A tiny history-API router for the page's own paths under /console/. Only names and ids go in
 * the address (a secret's name, a tab); values never do.
 */
export const BASE = '/console';

export type Location = { path: string; query: URLSearchParams };

const read = (): Location => ({
  path: window.location.pathname.slice(BASE.length).replace(/\/+$/, '') || '/',
  query: new URLSearchParams(window.location.search),
});

const CHANGE = 'console:navigate';

export function navigate(to: string, replace = false): void {
  const url = `${BASE}${to}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return loc;
}

/** `/secret?id=…` with the query encoded. */
export const pathWith = (path: string, query: Record<string, string | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
};

type LinkProps = JSX.HTMLAttributes<HTMLAnchorElement> & { to: string; children?: ComponentChildren };

/** An ordinary link (middle-click, copy address) that navigates in place on a plain click. */
export function Link({ to, children, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return h('a', { ...rest, href: `${BASE}${to}`, onClick }, children);
}
