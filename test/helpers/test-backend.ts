import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

/**
 * The storage backend the end-to-end tests run against: SQLite (the default), or PostgreSQL when
 * STRONGROOM_TEST_BACKEND=postgres (the `postgres` project of vitest.config.ts). With PostgreSQL
 * every server started by test/helpers/server.ts gets a throwaway database of its own, so tests
 * stay as isolated from each other as with one SQLite file per data directory:
 *
 * - a server started again on the same data directory finds the same database (restart tests);
 * - a command run with `--data-dir` (e.g. `strongroom audit verify`) finds it too, through the
 *   registry below, read by test/helpers/pg-main.mjs, which stands in for dist/main.js then;
 * - the root key stays in the data directory as on SQLite; a dev server without one gets a
 *   STRONGROOM_ROOT_KEY of its own (dev mode needs a lasting key with a database).
 *
 * Databases are named strongroom_e2e_<run>_<random>; the project's global setup
 * (test/helpers/pg-global-setup.ts) drops the run's databases when the run ends.
 */
export const TEST_BACKEND = process.env.STRONGROOM_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

const PG_URL = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const RUN_ID = process.env.STRONGROOM_TEST_RUN ?? `p${process.pid}`;
export const DATABASE_PREFIX = `strongroom_e2e_${RUN_ID}_`;

/** Where the data directory → database mapping is kept for the CLI wrapper (one file per directory). */
export const registryDir = (run = RUN_ID) => join(tmpdir(), `strongroom-test-backend-${run}`);
export const registryFile = (dataDir: string, run = RUN_ID) =>
  join(registryDir(run), createHash('sha256').update(resolve(dataDir)).digest('hex'));

type Registered = { url: string; rootKey?: string };

function databaseUrl(name: string): string {
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function createDatabase(): Promise<string> {
  const name = `${DATABASE_PREFIX}${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl('postgres'), connectionTimeoutMillis: 5000 });
  admin.on('error', () => {});
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end().catch(() => {});
  }
  return databaseUrl(name);
}

const chosenByTest = (args: readonly string[], env: Record<string, string>) =>
  args.some((a) => a === '--database' || a.startsWith('--database=')) || env.STRONGROOM_DATABASE_URL !== undefined;

const hasRootKey = (args: readonly string[], env: Record<string, string>) =>
  args.some((a) => a.startsWith('--root-key-file')) ||
  env.STRONGROOM_ROOT_KEY !== undefined ||
  env.STRONGROOM_ROOT_KEY_FILE !== undefined;

/**
 * The environment a server needs for the chosen backend: nothing for SQLite, or for PostgreSQL
 * its database (the data directory's, created on first use) unless the test chose one itself.
 */
export async function backendEnv(o: {
  mode: 'server' | 'dev';
  dataDir?: string;
  args: readonly string[];
  env: Record<string, string>;
}): Promise<Record<string, string>> {
  if (TEST_BACKEND !== 'postgres' || chosenByTest(o.args, o.env)) return {};
  const file = o.dataDir ? registryFile(o.dataDir) : undefined;
  let entry: Registered | undefined =
    file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Registered) : undefined;
  if (!entry) {
    entry = { url: await createDatabase() };
    if (!o.dataDir) entry.rootKey = randomBytes(32).toString('hex');
    if (file) {
      mkdirSync(registryDir(), { recursive: true });
      writeFileSync(file, JSON.stringify(entry), { mode: 0o600 });
    }
  }
  const out: Record<string, string> = { STRONGROOM_DATABASE_URL: entry.url };
  if (entry.rootKey && !hasRootKey(o.args, o.env)) out.STRONGROOM_ROOT_KEY = entry.rootKey;
  return out;
}
