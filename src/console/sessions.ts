import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../lib/clock.js';

/**
 * Console sessions, in this process's memory. The cookie holds an opaque random id; the map is
 * keyed by its SHA-256, so nothing in memory can be replayed as a cookie, and a lookup's timing
 * says nothing about valid ids. Several nodes behind one address need sticky sessions (or a
 * shared store in place of this map): docs/console.md.
 *
 * A session remembers only the access key it was opened with; the principal is resolved again on
 * every request, so a key made Inactive or deleted ends its sessions at once.
 */
export type ConsoleSession = {
  accessKeyId: string;
  csrfToken: string;
  createdAt: number;
  lastSeen: number;
};

export type SessionLimits = { idleMs: number; absoluteMs: number };

export type SessionStore = {
  /** Opens a session; returns the cookie value (shown nowhere else) and the session. */
  open(accessKeyId: string): { id: string; session: ConsoleSession };
  /** The live session for a cookie value, marked as used now; undefined when unknown or expired. */
  use(id: string | undefined): ConsoleSession | undefined;
  end(id: string | undefined): void;
  size(): number;
};

const SWEEP_EVERY_MS = 60_000;
const ID_RE = /^[A-Za-z0-9_-]{43}$/;

const digest = (id: string): string => createHash('sha256').update(id).digest('base64url');

export function createSessionStore(clock: Clock, limits: SessionLimits): SessionStore {
  const sessions = new Map<string, ConsoleSession>();
  let lastSweep = clock.now();

  const expired = (s: ConsoleSession, now: number) =>
    now - s.lastSeen >= limits.idleMs || now - s.createdAt >= limits.absoluteMs;

  // Lazy: no timer to stop, and memory stays bounded by the sessions of the last sweep interval.
  const sweep = (now: number) => {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    for (const [k, s] of sessions) if (expired(s, now)) sessions.delete(k);
  };

  return {
    open(accessKeyId) {
      const now = clock.now();
      sweep(now);
      const id = randomBytes(32).toString('base64url');
      const session = { accessKeyId, csrfToken: randomBytes(32).toString('base64url'), createdAt: now, lastSeen: now };
      sessions.set(digest(id), session);
      return { id, session };
    },
    use(id) {
      if (!id || !ID_RE.test(id)) return undefined;
      const now = clock.now();
      sweep(now);
      const key = digest(id);
      const s = sessions.get(key);
      if (!s) return undefined;
      if (expired(s, now)) {
        sessions.delete(key);
        return undefined;
      }
      s.lastSeen = now;
      return s;
    },
    end(id) {
      if (id && ID_RE.test(id)) sessions.delete(digest(id));
    },
    size: () => sessions.size,
  };
}

/** Constant-time comparison of two tokens (lengths may differ). */
export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
