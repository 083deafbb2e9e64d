import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { MAIN } from '../helpers/server.js';
import { DATABASE_PREFIX, registryFile, TEST_BACKEND } from '../helpers/test-backend.js';

/**
 * The audit e2e tests run on both test backends (SQLite file, or the server's throwaway PostgreSQL
 * database): they read the trail through `strongroom audit` (which finds either from --data-dir)
 * and tamper with a copy of the store in that store's own SQL.
 */
const run = promisify(execFile);

export const cli = (...args: string[]) =>
  run(process.execPath, [MAIN, ...args], { maxBuffer: 64 * 1024 * 1024 }).then((r) => r.stdout);

/** The whole trail of a server's store, oldest first. */
export async function trail(dataDir: string): Promise<CloudTrailRecord[]> {
  const out = await cli('audit', 'tail', '--data-dir', dataDir, '-n', '100000');
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as CloudTrailRecord);
}

const postgresUrl = (dataDir: string): string =>
  (JSON.parse(readFileSync(registryFile(dataDir), 'utf8')) as { url: string }).url;

/**
 * A copy of a stopped server's store with `statements` applied the way an attacker with write
 * access would (foreign keys not enforced); returns the `--database` to verify it.
 */
export async function tamperedCopy(dataDir: string, statements: string[]): Promise<string> {
  if (TEST_BACKEND === 'sqlite') {
    const copy = join(dataDir, `tampered-${randomBytes(4).toString('hex')}.db`);
    copyFileSync(join(dataDir, 'strongroom.db'), copy);
    const db = new Database(copy);
    db.pragma('foreign_keys = OFF');
    for (const s of statements) db.exec(s);
    db.close();
    return copy;
  }
  const source = new URL(postgresUrl(dataDir));
  const name = `${DATABASE_PREFIX}${randomBytes(5).toString('hex')}`;
  const admin = new URL(source);
  admin.pathname = '/postgres';
  const copy = new URL(source);
  copy.pathname = `/${name}`;
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${source.pathname.slice(1)}`));
  await withClient(copy.toString(), async (c) => {
    await c.query('SET session_replication_role = replica');
    for (const s of statements) await c.query(s);
  });
  return copy.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The store's raw files, to grep for values (SQLite only: PostgreSQL keeps its files elsewhere). */
export const storeFiles = (dataDir: string): string[] =>
  TEST_BACKEND === 'sqlite'
    ? ['strongroom.db', 'strongroom.db-wal'].map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
    : [];
