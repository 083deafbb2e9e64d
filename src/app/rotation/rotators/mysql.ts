import type { Connection } from 'mysql2/promise';
import {
  CONNECT_TIMEOUT_MS,
  type DbDriver,
  type DbSession,
  type OpenResult,
  openWithTlsFallback,
  STATEMENT_TIMEOUT_MS,
} from './db-driver.js';
import type { DbSecret } from './db-secret.js';
import { grantForClone, requireClause } from './mysql-grants.js';
import { RotatorErrors } from './rotator-errors.js';

/**
 * MySQL/MariaDB side of the rotators (SecretsManagerRDSMySQLRotation{SingleUser,MultiUser} and
 * the MariaDB templates). Every value reaches SQL through mysql2's `?` escaping; `?@?` quotes an
 * account as 'user'@'host'. mysql2 is loaded on first use only.
 */
type Row = Record<string, unknown>;

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('utf8') : v == null ? '' : String(v));

/**
 * The single-user template's get_password_option: MySQL 8+ takes the plaintext in SET PASSWORD,
 * MariaDB and MySQL 5.x need PASSWORD(). (The template's `startswith("8")` also misreads MySQL 9.)
 */
const needsPasswordFunction = (version: string) => /mariadb/i.test(version) || Number.parseInt(version, 10) < 8;

function session(conn: Connection): DbSession {
  const q = async (sql: string, values: unknown[] = []): Promise<Row[]> => {
    const [rows] = await conn.query({ sql, values, timeout: STATEMENT_TIMEOUT_MS });
    return Array.isArray(rows) ? (rows as Row[]) : [];
  };
  const account = (user: string, host: string) => `${conn.escape(user)}@${conn.escape(host)}`;

  async function copyGrants(like: string, user: string, host: string): Promise<void> {
    const grants = await conn.query({ sql: 'SHOW GRANTS FOR ?@?', values: [like, host], rowsAsArray: true });
    for (const row of grants[0] as unknown[][]) {
      const statement = grantForClone(text(row[0]), like, host, account(user, host));
      if (statement === undefined) throw RotatorErrors.unknownGrantFormat(like);
      // Server-printed SQL with the grantee replaced: run as is (no `?` formatting of its text).
      await conn.query({ sql: statement, timeout: STATEMENT_TIMEOUT_MS });
    }
  }

  async function copyTlsRequirement(like: string, user: string, host: string): Promise<void> {
    const [tls] = await q(
      'SELECT ssl_type, ssl_cipher, x509_issuer, x509_subject FROM mysql.user WHERE User = ? AND Host = ?',
      [like, host],
    );
    const clause = requireClause({
      sslType: text(tls?.ssl_type),
      cipher: text(tls?.ssl_cipher),
      issuer: text(tls?.x509_issuer),
      subject: text(tls?.x509_subject),
    });
    await q(`ALTER USER ?@? ${clause.sql}`, [user, host, ...clause.values]);
  }

  return {
    async setOwnPassword(_username, password) {
      // SET PASSWORD without FOR changes the logged-in account's own password and needs no
      // privilege; ALTER USER would need CREATE USER on MariaDB even for oneself.
      const [row] = await q('SELECT VERSION() AS version');
      const sql = needsPasswordFunction(text(row?.version)) ? 'SET PASSWORD = PASSWORD(?)' : 'SET PASSWORD = ?';
      await q(sql, [password]);
    },
    async setUserPasswordLike(like, user, password) {
      // The clone is made at every host the user exists at (the template assumes '%' only).
      const hosts = (await q('SELECT Host FROM mysql.user WHERE User = ?', [like])).map((r) => text(r.Host));
      if (hosts.length === 0) throw RotatorErrors.userNotFound(like);
      for (const host of hosts) {
        const exists = await q('SELECT 1 FROM mysql.user WHERE User = ? AND Host = ?', [user, host]);
        if (exists.length === 0) await q('CREATE USER ?@? IDENTIFIED BY ?', [user, host, password]);
        await copyGrants(like, user, host);
        await copyTlsRequirement(like, user, host);
        await q('ALTER USER ?@? IDENTIFIED BY ?', [user, host, password]);
      }
    },
    async probe() {
      await q('SELECT 1');
      await q('SELECT NOW()');
    },
    async close() {
      await conn.end().catch(() => conn.destroy());
    },
  };
}

async function attempt(s: DbSecret, useTls: boolean): Promise<OpenResult> {
  const { createConnection } = await import('mysql2/promise');
  try {
    const conn = await createConnection({
      host: s.host,
      port: s.port,
      user: s.username,
      password: s.password.reveal(),
      database: s.dbname,
      // Verifies the certificate and the host name, as the templates' ssl={'ca': ...}.
      ssl: useTls ? { rejectUnauthorized: true } : undefined,
      connectTimeout: CONNECT_TIMEOUT_MS,
      multipleStatements: false,
    });
    conn.on('error', () => {});
    return { ok: true, session: session(conn) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

export const mysqlDriver: DbDriver = {
  family: {
    engine: 'mysql',
    engines: ['mysql', 'mariadb', 'aurora-mysql', 'aurora'],
    defaultPort: 3306,
    defaultDbname: undefined,
  },
  excludeCharacters: '/@"\'\\',
  // MySQL 5.7+ allows 32 characters (the template keeps 5.6's 16); MariaDB allows more.
  usernameLimit: { max: 32, unit: 'characters', length: (name) => [...name].length },
  open: (s) => openWithTlsFallback(s, (useTls) => attempt(s, useTls)),
};
