import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, removeDir, startServer } from '../helpers/server.js';

/** The page and its assets are served by the server itself, with a strict CSP and right types. */
let srv: RunningServer;

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

describe('console static files', () => {
  it('serves the page at /console/ with the security headers', async () => {
    const res = await fetch(`${srv.endpoint}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<div id="app"></div>');
    // Nothing inline (the CSP would block it) and nothing from another origin.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('serves the built assets with their content types, cacheable for good', async () => {
    const html = await (await fetch(`${srv.endpoint}/console/`)).text();
    const js = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const css = /href="(\/console\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(js).toBeDefined();
    expect(css).toBeDefined();
    const jsRes = await fetch(`${srv.endpoint}${js}`);
    expect(jsRes.status).toBe(200);
    expect(jsRes.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(jsRes.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const cssRes = await fetch(`${srv.endpoint}${css}`);
    expect(cssRes.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const icon = await fetch(`${srv.endpoint}/console/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
  });

  it("answers the page for the page's own routes, 404 for a missing asset", async () => {
    for (const path of ['/console/secrets', '/console/secret', '/console/audit', '/console/login']) {
      const res = await fetch(`${srv.endpoint}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<div id="app"></div>');
    }
    expect((await fetch(`${srv.endpoint}/console/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${srv.endpoint}/console/../package.json`)).status).toBe(404);
    expect((await fetch(`${srv.endpoint}/console/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });

  it('redirects /console to /console/', async () => {
    const res = await fetch(`${srv.endpoint}/console`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it('serves no console when STRONGROOM_CONSOLE=off', async () => {
    const off = await startServer({ env: { STRONGROOM_CONSOLE: 'off' } });
    try {
      expect((await fetch(`${off.endpoint}/console/`)).status).toBe(404);
      expect((await fetch(`${off.endpoint}/console/api/session`)).status).toBe(404);
    } finally {
      await off.stop();
      removeDir(off.dataDir);
    }
  });
});
