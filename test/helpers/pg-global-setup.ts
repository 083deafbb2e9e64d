import { rmSync } from 'node:fs';
import pg from 'pg';
import { DATABASE_PREFIX, registryDir } from './test-backend.js';

/**
 * Global setup of the `postgres` test project (vitest.config.ts): nothing to prepare (each server
 * creates its database on start, test-backend.ts); at the end, drops every database of this run
 * and its data directory registry. Other runs on the same PostgreSQL use other prefixes.
 */
export default function setup(): () => Promise<void> {
  return async () => {
    rmSync(registryDir(), { recursive: true, force: true });
    const u = new URL(process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432');
    u.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: u.toString(), connectionTimeoutMillis: 5000 });
    admin.on('error', () => {});
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [DATABASE_PREFIX],
      );
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end().catch(() => {});
    }
  };
}
