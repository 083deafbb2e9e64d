import pg from 'pg';

export type PostgresStoreOptions = {
  /** postgres://user[:password]@host[:port]/database[?options]; PG* environment variables fill gaps. */
  url: string;
  /** Connections this process may hold (STRONGROOM_DB_POOL_MAX). */
  poolMax?: number;
  /** Server-side limit for every statement, set on each connection (STRONGROOM_DB_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs?: number;
  /** How long to wait for a connection, new or pooled (STRONGROOM_DB_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** This node's name in the change notices it sends (notify-changes.ts); random when absent. */
  origin?: string;
};

export const POOL_DEFAULTS = { poolMax: 10, statementTimeoutMs: 5000, connectTimeoutMs: 5000 } as const;

/** A transaction left idle this long (a body stuck on something else) is ended by the server. */
const IDLE_IN_TRANSACTION_MS = 60_000;

/** BIGINT columns hold epoch milliseconds and counts: far inside Number's exact range. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return n;
}

/**
 * Connection settings shared by the pool and the migration connection. Settings given in the
 * URL win over these (pg merges the parsed URL last), so an operator can still override them.
 *
 * synchronous_commit is forced on for the session: COMMIT returns only once the WAL is flushed,
 * which is what the ports promise, even if the server's or role's default says otherwise.
 */
export function connectionConfig(o: PostgresStoreOptions): pg.ClientConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, parseInt8);
  const statementTimeout = o.statementTimeoutMs ?? POOL_DEFAULTS.statementTimeoutMs;
  const connectTimeout = o.connectTimeoutMs ?? POOL_DEFAULTS.connectTimeoutMs;
  return {
    connectionString: o.url,
    application_name: 'strongroom',
    options: '-c synchronous_commit=on',
    statement_timeout: statementTimeout,
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    // The client-side guard for a server that stops answering without closing the socket
    // (statement_timeout cannot fire then): the query fails and its connection is discarded.
    query_timeout: statementTimeout + connectTimeout,
    connectionTimeoutMillis: connectTimeout,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
  };
}

/**
 * The pool every store call draws from. A connection that breaks while idle (server restart,
 * network cut) is dropped by pg-pool and reported on 'error', which must be listened to or Node
 * would exit; the next checkout simply connects anew, which is how the server recovers once
 * the database is back.
 */
export function createPool(o: PostgresStoreOptions, onIdleError: (e: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool({
    ...connectionConfig(o),
    max: o.poolMax ?? POOL_DEFAULTS.poolMax,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', onIdleError);
  return pool;
}
