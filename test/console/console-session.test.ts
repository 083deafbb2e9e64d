import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { ConsoleClient } from './console-client.js';

/** Sign-in, the session cookie, CSRF and origin checks, sign-out, and one-time sign-in links. */
let srv: RunningServer;
const run = promisify(execFile);

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

const admin = () => srv.credentials!;

describe('console sign-in', () => {
  it('refuses a wrong secret and an unknown key with the same answer, and sets no cookie', async () => {
    const c = new ConsoleClient(srv.endpoint);
    const wrong = await c.signIn({ accessKeyId: admin().accessKeyId, secretAccessKey: 'x'.repeat(40) });
    const unknown = await c.signIn({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: admin().secretAccessKey });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.json).toEqual({
        code: 'SignInFailed',
        message: 'The access key ID or the secret access key is not correct.',
      });
      expect(r.headers.get('set-cookie')).toBeNull();
    }
  });

  it('opens a session: an HttpOnly, SameSite=Strict cookie scoped to /console and a CSRF token', async () => {
    const c = new ConsoleClient(srv.endpoint);
    const r = await c.signIn(admin());
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^strongroom_console=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.json.principal).toMatchObject({ type: 'Root', userName: 'root', accessKeyId: admin().accessKeyId });
    expect(r.json.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The secret key is never echoed back.
    expect(JSON.stringify(r.json)).not.toContain(admin().secretAccessKey);
    const s = await c.request('GET', 'session');
    expect(s.json).toMatchObject({ signedIn: true, csrfToken: r.json.csrfToken });
  });

  it('requires the session and its CSRF token on every POST', async () => {
    const anon = new ConsoleClient(srv.endpoint);
    expect((await anon.call('ListSecrets')).json.code).toBe('NotSignedIn');

    const c = new ConsoleClient(srv.endpoint);
    await c.signIn(admin());
    const token = c.csrf;
    c.csrf = undefined;
    const missing = await c.call('ListSecrets');
    expect(missing.status).toBe(403);
    expect(missing.json.code).toBe('InvalidCsrfToken');
    c.csrf = `${token!.slice(0, -1)}${token!.endsWith('A') ? 'B' : 'A'}`;
    expect((await c.call('ListSecrets')).status).toBe(403);
    c.csrf = token;
    expect((await c.call('ListSecrets')).status).toBe(200);
  });

  it('refuses requests from another origin and bodies that are not JSON', async () => {
    const c = new ConsoleClient(srv.endpoint);
    await c.signIn(admin());
    const foreign = await c.request('POST', 'call', { operation: 'ListSecrets' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.code).toBe('CrossOriginRequest');
    const site = await c.request('POST', 'call', { operation: 'ListSecrets' }, { 'sec-fetch-site': 'cross-site' });
    expect(site.json.code).toBe('CrossOriginRequest');
    const same = await c.request('POST', 'call', { operation: 'ListSecrets' }, { origin: srv.endpoint });
    expect(same.status).toBe(200);
    const form = await c.request('POST', 'sign-in', undefined, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('ends the session at sign-out', async () => {
    const c = new ConsoleClient(srv.endpoint);
    await c.signIn(admin());
    const cookie = c.cookie;
    const out = await c.request('POST', 'sign-out', {});
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^strongroom_console=; Max-Age=0; Path=\/console/);
    c.cookie = cookie;
    expect((await c.call('ListSecrets')).json.code).toBe('NotSignedIn');
    expect((await c.request('GET', 'session')).json.signedIn).toBe(false);
  });
});

describe('idle timeout', () => {
  it('ends a session left unused for the idle timeout', async () => {
    const short = await startServer({ env: { STRONGROOM_CONSOLE_IDLE_TIMEOUT: '1s' } });
    try {
      const c = new ConsoleClient(short.endpoint);
      await c.signIn(short.credentials!);
      expect((await c.call('ListSecrets')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      const late = await c.call('ListSecrets');
      expect(late.status).toBe(401);
      expect(late.json.code).toBe('NotSignedIn');
    } finally {
      await short.stop();
      removeDir(short.dataDir);
    }
  });
});

describe('strongroom console-login', () => {
  const link = async () => {
    const { stdout } = await run(process.execPath, [
      MAIN,
      'console-login',
      '--data-dir',
      srv.dataDir!,
      '--url',
      srv.endpoint,
    ]);
    const url = stdout.split('\n')[0]!;
    expect(url).toMatch(new RegExp(`^${srv.endpoint}/console/login#token=[A-Za-z0-9_-]{43}$`));
    return url.split('#token=')[1]!;
  };

  it('prints a link that signs the administrator in once', async () => {
    const token = await link();
    const c = new ConsoleClient(srv.endpoint);
    const r = await c.request('POST', 'redeem', { token });
    expect(r.status).toBe(200);
    expect(r.json.principal).toMatchObject({ type: 'Root', accessKeyId: admin().accessKeyId });
    c.csrf = r.json.csrfToken as string;
    expect((await c.call('ListSecrets')).status).toBe(200);

    const again = await new ConsoleClient(srv.endpoint).request('POST', 'redeem', { token });
    expect(again.status).toBe(401);
    expect(again.json.code).toBe('SignInLinkInvalid');
  });

  it('refuses a token it did not issue', async () => {
    const r = await new ConsoleClient(srv.endpoint).request('POST', 'redeem', { token: 'A'.repeat(43) });
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('SignInLinkInvalid');
  });

  it('fails clearly without a database', async () => {
    const e = await run(process.execPath, [MAIN, 'console-login', '--data-dir', '/nonexistent-dir']).catch((x) => x);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('no database at /nonexistent-dir/strongroom.db');
  });
});
