import type pg from 'pg';
import {
  CONNECT_TIMEOUT_MS,
  type DbDriver,
  type DbSession,
  type OpenResult,
  openWithTlsFallback,
  STATEMENT_TIMEOUT_MS,
} from './db-driver.js';
import type { DbSecret } from './db-secret.js';

/**
 * PostgreSQL side of the rotators (SecretsManagerRDSPostgreSQLRotation{SingleUser,MultiUser}).
 * Identifiers go through escapeIdentifier and passwords through escapeLiteral: ALTER ROLE ...
 * PASSWORD takes no bind parameter, so a quoted literal built by the driver is the only safe way.
 */
function session(client: pg.Client): DbSession {
  const ident = (name: string) => client.escapeIdentifier(name);
  const literal = (value: string) => client.escapeLiteral(value);
  return {
    async setOwnPassword(username, password) {
      await client.query(`ALTER USER ${ident(username)} WITH PASSWORD ${literal(password)}`);
    },
    async setUserPasswordLike(like, user, password) {
      // One transaction, as the template commits once: the clone never exists without its grant.
      await client.query('BEGIN');
      try {
        const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
        if (found.rowCount === 0) {
          await client.query(`CREATE ROLE ${ident(user)} WITH LOGIN PASSWORD ${literal(password)}`);
          await client.query(`GRANT ${ident(like)} TO ${ident(user)}`);
        } else {
          await client.query(`ALTER USER ${ident(user)} WITH PASSWORD ${literal(password)}`);
        }
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    },
    async probe() {
      await client.query('SELECT 1');
      await client.query('SELECT NOW()');
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}

async function attempt(s: DbSecret, useTls: boolean): Promise<OpenResult> {
  // Loaded on first use: the driver costs server start-up ~10 ms that most servers never repay.
  const { default: driver } = await import('pg');
  const client = new driver.Client({
    host: s.host,
    port: s.port,
    user: s.username,
    password: s.password.reveal(),
    database: s.dbname,
    // verify-full, as the templates: the server's certificate must chain to a trusted CA and name the host.
    ssl: useTls ? { rejectUnauthorized: true } : false,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    query_timeout: STATEMENT_TIMEOUT_MS,
    application_name: 'strongroom-rotation',
  });
  // A connection dropped by the server emits 'error' on the client; the pending query fails anyway.
  client.on('error', () => {});
  try {
    await client.connect();
    return { ok: true, session: session(client) };
  } catch (e) {
    await client.end().catch(() => {});
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

export const postgresDriver: DbDriver = {
  family: {
    engine: 'postgres',
    engines: ['postgres', 'aurora-postgresql'],
    defaultPort: 5432,
    defaultDbname: 'postgres',
  },
  excludeCharacters: ':/@"\'\\',
  // NAMEDATALEN - 1: PostgreSQL counts bytes.
  usernameLimit: { max: 63, unit: 'bytes', length: (name) => Buffer.byteLength(name, 'utf8') },
  open: (s) => openWithTlsFallback(s, (useTls) => attempt(s, useTls)),
};
