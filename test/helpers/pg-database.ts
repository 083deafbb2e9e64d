import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateDatabase } from '../../src/storage/postgres/open-postgres.js';

/**
 * Throwaway databases on the machine's PostgreSQL (PG_URL, default
 * postgres://postgres@127.0.0.1:5432, trust auth): `CREATE DATABASE strongroom_test_<random>`
 * per test file, dropped afterwards. Other test files use the same server at the same time,
 * so nothing here touches anything but its own database.
 */
export const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** PG_URL pointing at another database on the same server. */
export function databaseUrl(database: string, base = PG_URL): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: databaseUrl('postgres'), connectionTimeoutMillis: 5000 });
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/**
 * Whether the shared PostgreSQL answers. On CI (CI set) it must: an unreachable server is a
 * failure there, never a reason to skip; elsewhere the PostgreSQL tests are skipped.
 */
export async function pgAvailable(): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('SELECT 1'));
    return true;
  } catch (e) {
    if (process.env.CI) throw new Error(`PostgreSQL at ${PG_URL} is required on CI: ${(e as Error).message}`);
    return false;
  }
}

export type TestDatabase = {
  name: string;
  url: string;
  /**
   * Puts the database back in its freshly migrated state. The first call drops everything and
   * migrates; later calls truncate every table and restore the rows migrations seeded (much
   * faster than migrating again for each test).
   */
  reset(): Promise<void>;
  /** Runs one statement on this database. */
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `strongroom_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  let baseline: string | undefined;
  const query = async (sql: string, params?: unknown[]) => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    c.on('error', () => {});
    await c.connect();
    try {
      return await c.query(sql, params);
    } finally {
      await c.end().catch(() => {});
    }
  };
  return {
    name,
    url,
    query,
    async reset() {
      if (baseline) return void (await query(baseline));
      await query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      await migrateDatabase({ url });
      baseline = await restoreScript(query);
    },
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * One script that empties every table but the migration ledger, restarts every sequence and
 * re-inserts the rows the migrations seeded (e.g. counters), captured now, right after migrating.
 */
async function restoreScript(query: (sql: string) => Promise<pg.QueryResult>): Promise<string> {
  const tables = (
    await query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1",
    )
  ).rows.map((r: { tablename: string }) => quoted(r.tablename));
  const sequences = (await query("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).rows.map(
    (r: { sequencename: string }) => quoted(r.sequencename),
  );
  // DELETE, not TRUNCATE: TRUNCATE gives every table and index a new file, which costs far more
  // than deleting the few rows a test writes. Every foreign key cascades, so order is free.
  const script = ['BEGIN;', ...tables.map((t) => `DELETE FROM ${t};`)];
  for (const s of sequences) script.push(`ALTER SEQUENCE ${s} RESTART;`);
  for (const t of tables) {
    const rows = (await query(`SELECT coalesce(json_agg(t), '[]'::json)::text AS rows FROM ${t} t`)).rows[0].rows;
    if (rows === '[]') continue;
    const literal = `'${String(rows).replaceAll("'", "''")}'`;
    script.push(`INSERT INTO ${t} SELECT * FROM json_populate_recordset(NULL::${t}, ${literal});`);
  }
  script.push('COMMIT;');
  return script.join('\n');
}
