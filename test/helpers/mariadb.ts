import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import mysql, { type Connection } from 'mysql2/promise';

/**
 * The machine's MariaDB (127.0.0.1:3306; root logs in without a password through the unix socket,
 * or over TCP where root@127.0.0.1 allows it). A fixture creates its users and databases with a
 * per-run prefix and drops them in cleanup(); it never touches anything else.
 */
export const MARIADB_HOST = '127.0.0.1';
export const MARIADB_PORT = Number(process.env.STRONGROOM_TEST_MARIADB_PORT ?? 3306);

const SOCKETS = ['/run/mysqld/mysqld.sock', '/var/run/mysqld/mysqld.sock', '/tmp/mysql.sock'];

/** Root's connection: the unix socket when there is one, else TCP. Throws when neither works. */
export async function connectMariadbAdmin(): Promise<Connection> {
  const errors: string[] = [];
  const socketPath = SOCKETS.find((p) => existsSync(p));
  const targets = [...(socketPath ? [{ socketPath }] : []), { host: MARIADB_HOST, port: MARIADB_PORT }];
  for (const target of targets) {
    try {
      return await mysql.createConnection({ ...target, user: 'root', password: '', connectTimeout: 5000 });
    } catch (e) {
      errors.push(`${JSON.stringify(target)}: ${(e as Error).message}`);
    }
  }
  throw new Error(`cannot log into MariaDB as root: ${errors.join('; ')}`);
}

export type MariadbFixture = {
  host: string;
  port: number;
  /** A per-run prefix for names, so parallel runs never collide. */
  prefix: string;
  admin: Connection;
  /** Creates `user`@`%` with that password (dropped in cleanup). */
  createUser(user: string, password: string): Promise<void>;
  /** Creates a database (dropped in cleanup). */
  createDatabase(name: string): Promise<void>;
  /** Marks a user created by someone else (e.g. a rotator's clone) for cleanup. */
  track(user: string, host?: string): void;
  /** Logs in over TCP as that user: true when the server accepts the password. */
  canLogin(user: string, password: string, database?: string): Promise<boolean>;
  cleanup(): Promise<void>;
};

export async function startMariadbFixture(): Promise<MariadbFixture> {
  const admin = await connectMariadbAdmin();
  const prefix = `sr${randomBytes(3).toString('hex')}`;
  const users = new Map<string, [string, string]>();
  const databases = new Set<string>();
  const track = (user: string, host = '%') => users.set(`${user}@${host}`, [user, host]);
  return {
    host: MARIADB_HOST,
    port: MARIADB_PORT,
    prefix,
    admin,
    async createUser(user, password) {
      await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, '%', password]);
      track(user);
    },
    async createDatabase(name) {
      await admin.query(`CREATE DATABASE ${admin.escapeId(name)}`);
      databases.add(name);
    },
    track,
    async canLogin(user, password, database) {
      try {
        const c = await mysql.createConnection({
          host: MARIADB_HOST,
          port: MARIADB_PORT,
          user,
          password,
          database,
          connectTimeout: 5000,
        });
        await c.query('SELECT 1');
        await c.end();
        return true;
      } catch (e) {
        if ((e as { code?: string }).code === 'ER_ACCESS_DENIED_ERROR') return false;
        throw e;
      }
    },
    async cleanup() {
      try {
        for (const [user, host] of users.values()) await admin.query('DROP USER IF EXISTS ?@?', [user, host]);
        for (const db of databases) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeId(db)}`);
      } finally {
        await admin.end();
      }
    },
  };
}
