import type { DbFamily, DbSecret } from './db-secret.js';

/** Every connection attempt gives up after this long, as the templates' connect_timeout=5. */
export const CONNECT_TIMEOUT_MS = 5000;
/** A statement that hangs (a lock on pg_authid, say) fails the step instead of blocking it. */
export const STATEMENT_TIMEOUT_MS = 30_000;

/** An open connection, logged in as some user. Always closed by the caller in `finally`. */
export type DbSession = {
  /** Single user: the logged-in user changes its own password. */
  setOwnPassword(username: string, password: string): Promise<void>;
  /**
   * Alternating users, as the master: create `user` if missing with the rights of `like`
   * (PostgreSQL: membership of `like`; MySQL: a copy of its grants), then set its password.
   */
  setUserPasswordLike(like: string, user: string, password: string): Promise<void>;
  /** The templates' testSecret query (plus SELECT 1). */
  probe(): Promise<void>;
  close(): Promise<void>;
};

export type OpenResult = { ok: true; session: DbSession } | { ok: false; reason: string };

/** One engine family's side of the rotation: how to connect and the few statements it runs. */
export type DbDriver = {
  family: DbFamily;
  /** The templates' EXCLUDE_CHARACTERS default for this engine. */
  excludeCharacters: string;
  usernameLimit: { max: number; unit: string; length: (name: string) => number };
  /** Logs in with the secret's credentials; a refused login is a result, not an exception. */
  open(s: DbSecret): Promise<OpenResult>;
};

/**
 * Tries TLS first and plain second when the secret's `ssl` key asks for fallback (the
 * templates' get_connection); returns the last failure's reason.
 */
export async function openWithTlsFallback(
  s: DbSecret,
  attempt: (useTls: boolean) => Promise<OpenResult>,
): Promise<OpenResult> {
  const first = await attempt(s.tls.useTls);
  if (first.ok || !s.tls.fallBack || !s.tls.useTls) return first;
  return attempt(false);
}
