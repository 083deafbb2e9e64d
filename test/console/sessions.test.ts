import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLoginToken, LOGIN_TOKEN_TTL_MS, loginLink, redeemLoginToken } from '../../src/console/login-tokens.js';
import { createSessionStore, sameToken } from '../../src/console/sessions.js';
import { manualClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/storage/ports.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

const MIN = 60_000;

describe('console sessions', () => {
  const limits = { idleMs: 15 * MIN, absoluteMs: 8 * 60 * MIN };

  it('opens sessions with fresh 256-bit ids and CSRF tokens', () => {
    const store = createSessionStore(manualClock(0), limits);
    const a = store.open('AKIAA');
    const b = store.open('AKIAA');
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(store.use(a.id)?.accessKeyId).toBe('AKIAA');
    expect(store.size()).toBe(2);
  });

  it('ends a session after the idle timeout, and use keeps it alive', () => {
    const clock = manualClock(0);
    const store = createSessionStore(clock, limits);
    const { id } = store.open('AKIAA');
    clock.advance(14 * MIN);
    expect(store.use(id)).toBeDefined();
    clock.advance(14 * MIN);
    expect(store.use(id)).toBeDefined();
    clock.advance(15 * MIN);
    expect(store.use(id)).toBeUndefined();
    expect(store.size()).toBe(0);
  });

  it('ends a session at the absolute limit however busy it is', () => {
    const clock = manualClock(0);
    const store = createSessionStore(clock, limits);
    const { id } = store.open('AKIAA');
    for (let t = 0; t < 8 * 60 - 10; t += 10) {
      clock.advance(10 * MIN);
      expect(store.use(id), `${t + 10} min`).toBeDefined();
    }
    clock.advance(10 * MIN);
    expect(store.use(id)).toBeUndefined();
  });

  it('knows nothing of malformed, unknown or ended ids', () => {
    const store = createSessionStore(manualClock(0), limits);
    const { id } = store.open('AKIAA');
    expect(store.use(undefined)).toBeUndefined();
    expect(store.use('short')).toBeUndefined();
    expect(store.use(`${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    store.end(id);
    expect(store.use(id)).toBeUndefined();
  });

  it('compares tokens whole, whatever their lengths', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
    expect(sameToken('ab', 'abc')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
  });
});

describe('one-time sign-in tokens', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openSqliteStore({ path: ':memory:' });
  });
  afterAll(() => store.close());

  it('redeems once, within five minutes, and stores only a hash', async () => {
    const token = await issueLoginToken(store, 1_000);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await store.getMeta(`console_login:${token}`)).toBeUndefined();
    expect(await redeemLoginToken(store, token, 1_000 + LOGIN_TOKEN_TTL_MS - 1)).toBe(true);
    expect(await redeemLoginToken(store, token, 1_000 + 1)).toBe(false);
  });

  it('refuses an expired token and one it never issued', async () => {
    const token = await issueLoginToken(store, 1_000);
    expect(await redeemLoginToken(store, token, 1_000 + LOGIN_TOKEN_TTL_MS)).toBe(false);
    expect(await redeemLoginToken(store, 'x'.repeat(43), 1_000)).toBe(false);
    expect(await redeemLoginToken(store, 'not a token', 1_000)).toBe(false);
  });

  it('puts the token in the fragment, which browsers never send', () => {
    expect(loginLink('http://127.0.0.1:4566/', 'T')).toBe('http://127.0.0.1:4566/console/login#token=T');
  });
});
