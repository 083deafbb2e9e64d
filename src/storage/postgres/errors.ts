import pg from 'pg';
import { Errors, type ServiceError } from '../../domain/errors.js';
import { type StoreConflict, StoreConflictError } from '../ports.js';

/** PostgreSQL reports the violated constraint (or unique index) by name; see migrations.ts. */
const CONFLICTS: Readonly<Record<string, StoreConflict>> = {
  secrets_pkey: 'secret-id',
  secrets_arn_key: 'secret-arn',
  secrets_by_name: 'secret-name',
  secret_versions_pkey: 'version',
  access_keys_pkey: 'access-key',
};

/**
 * SQLSTATEs after which the same request may well succeed a moment later: the connection or the
 * server went away (class 08, 57P01-57P03), the server is full (53300), a statement ran past
 * statement_timeout (57014), or PostgreSQL chose us as a deadlock / serialization victim.
 */
const TRANSIENT_STATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '40001', '40P01', '55P03']);

/** Socket-level failures Node reports while connecting to or talking with the server. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * pg reports a lost or unobtainable connection with plain Errors whose only mark is the message
 * ("Connection terminated unexpectedly", "timeout exceeded when trying to connect", "Client has
 * encountered a connection error and is not queryable", "Query read timeout", ...).
 */
const CONNECTION_MESSAGE = /connection terminated|timeout exceeded when trying to connect|not queryable|read timeout/i;

/** True when `e` means "the database cannot be reached right now" rather than "this SQL is wrong". */
export function isUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  if (e instanceof pg.DatabaseError) {
    return typeof code === 'string' && (code.startsWith('08') || TRANSIENT_STATES.has(code));
  }
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  return CONNECTION_MESSAGE.test(e.message);
}

/** The 503 the API answers while the database is down; the driver's error is kept as `cause` for logs. */
function unavailable(cause: unknown): ServiceError {
  const e = Errors.unavailable();
  Object.defineProperty(e, 'cause', { value: cause, enumerable: false });
  return e;
}

/**
 * Maps a driver error to what callers of the ports expect: StoreConflictError for unique
 * violations (as sqlite/conflicts.ts does), ServiceUnavailable for a database that cannot be
 * reached, anything else unchanged (it becomes an InternalServiceError upstream).
 */
export function toStoreError(e: unknown): unknown {
  if (e instanceof pg.DatabaseError && e.code === '23505') {
    return new StoreConflictError(CONFLICTS[e.constraint ?? ''] ?? 'other', { cause: e });
  }
  return isUnavailable(e) ? unavailable(e) : e;
}
