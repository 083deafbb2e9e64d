import pg from 'pg';
import { CHANGES_CHANNEL, type ChangeNotice, parseNotice, type SecretNotice } from './notify-changes.js';
import { connectionConfig, type PostgresStoreOptions } from './pool.js';

/**
 * The receiving half of the change notifications (notify-changes.ts sends): one dedicated
 * connection per node that LISTENs, outside the pool, and hands every other node's notices on.
 *
 * - A notice signed by this node's own store (`origin`) is skipped: it was published locally.
 * - The connection is checked every `heartbeatMs` (a `SELECT 1`), so a connection that died
 *   silently is noticed, not only one that was closed.
 * - A lost connection is reopened with backoff (`minBackoffMs` doubling up to `maxBackoffMs`).
 *   Notifications sent meanwhile are lost for good, so after every reconnection `onResync` is
 *   called: the node must then treat everything it holds as possibly stale.
 */
export type ChangeListenerOptions = PostgresStoreOptions & {
  origin: string;
  onSecret(s: SecretNotice): void;
  onIdentity(): void;
  onResync(): void;
  log?: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };
  heartbeatMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
};

export type ChangeListener = {
  /** Resolves once the first LISTEN is in place (or failed: it keeps trying in the background). */
  ready: Promise<void>;
  close(): Promise<void>;
};

export function listenForChanges(o: ChangeListenerOptions): ChangeListener {
  const heartbeatMs = o.heartbeatMs ?? 5000;
  const minBackoff = o.minBackoffMs ?? 100;
  const maxBackoff = o.maxBackoffMs ?? 5000;
  let client: pg.Client | undefined;
  let closed = false;
  let attempts = 0;
  let backoff = minBackoff;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let warned = false;

  const deliver = (n: ChangeNotice | undefined) => {
    if (!n || n.origin === o.origin) return;
    if ('iam' in n) o.onIdentity();
    else o.onSecret(n.secret);
  };

  /** Drops the connection (if any) and tries again after the backoff. */
  const lost = (c: pg.Client, reason: unknown) => {
    if (client !== c) return; // already handled
    client = undefined;
    clearInterval(heartbeat);
    c.removeAllListeners('notification');
    c.end().catch(() => {});
    if (closed) return;
    if (!warned) {
      warned = true;
      o.log?.warn('change notifications interrupted; reconnecting', { error: describe(reason) });
    }
    retry = setTimeout(() => void open(), backoff);
    retry.unref();
    backoff = Math.min(backoff * 2, maxBackoff);
  };

  async function open(): Promise<void> {
    if (closed) return;
    attempts++;
    const c = new pg.Client({ ...connectionConfig(o), application_name: 'strongroom-listen' });
    client = c;
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c, new Error('connection ended')));
    c.on('notification', (m) => {
      if (m.channel === CHANGES_CHANNEL) deliver(parseNotice(m.payload));
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (e) {
      lost(c, e);
      return;
    }
    if (client !== c || closed) return;
    backoff = minBackoff;
    if (warned) o.log?.info('change notifications resumed');
    warned = false;
    // Whatever was sent while no LISTEN was in place is lost: everything cached may be stale.
    if (attempts > 1) o.onResync();
    heartbeat = setInterval(() => {
      c.query('SELECT 1').catch((e: unknown) => lost(c, e));
    }, heartbeatMs);
    heartbeat.unref();
  }

  const ready = open();
  return {
    ready,
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(heartbeat);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

function describe(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return e.errors.map(describe).join('; ');
  if (e instanceof Error) return e.message || String((e as { code?: unknown }).code ?? e.name);
  return String(e);
}
