import { createHash, randomBytes } from 'node:crypto';
import type { MetaStore } from '../storage/ports.js';

/**
 * One-time sign-in links for the administrator (`strongroom console-login`). The command and the
 * server share only the database: the command stores the token's SHA-256 with its expiry in the
 * meta table, and the server redeems it. Single use without an update or delete statement: the
 * first redeemer to claim `console_login_used:<hash>` with its own nonce wins (initMeta is
 * first-writer-wins, across nodes on PostgreSQL too). The token itself is stored nowhere.
 */
export const LOGIN_TOKEN_TTL_MS = 5 * 60_000;

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function issueLoginToken(store: Pick<MetaStore, 'initMeta'>, now: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await store.initMeta(`console_login:${hashOf(token)}`, String(now + LOGIN_TOKEN_TTL_MS));
  return token;
}

/** True once per issued, unexpired token; false for anything else. */
export async function redeemLoginToken(store: MetaStore, token: string, now: number): Promise<boolean> {
  if (!TOKEN_RE.test(token)) return false;
  const hash = hashOf(token);
  const expires = Number(await store.getMeta(`console_login:${hash}`));
  if (!Number.isFinite(expires) || now >= expires) return false;
  const nonce = randomBytes(16).toString('hex');
  return (await store.initMeta(`console_login_used:${hash}`, nonce)) === nonce;
}

/**
 * The link `strongroom console-login` prints. The token is in the fragment, which browsers never
 * send to a server (so no proxy or access log sees it); the page posts it to /console/api/redeem
 * and removes it from the address bar.
 */
export const loginLink = (baseUrl: string, token: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/console/login#token=${token}`;
