import pg from 'pg';
import type { Store } from '../ports.js';
import { migratePostgres } from './migrations.js';
import { connectionConfig, createPool, type PostgresStoreOptions } from './pool.js';
import { createPostgresStore } from './store.js';

export type { PostgresStoreOptions } from './pool.js';

/** A driver error in one line, without the URL (it may carry a password). */
function describe(e: unknown): string {
  if (e instanceof AggregateError && e.errors.length > 0) return e.errors.map(describe).join('; ');
  if (e instanceof Error) return e.message || String((e as { code?: unknown }).code ?? e.name);
  return String(e);
}

/**
 * Applies pending migrations on a dedicated connection (under the advisory lock, so nodes
 * starting together apply each migration once) and returns the versions applied now. The lock
 * wait is bounded by the migration's own statement_timeout, not the pool's per-request one.
 */
export async function migrateDatabase(o: PostgresStoreOptions): Promise<number[]> {
  const client = new pg.Client({ ...connectionConfig(o), query_timeout: undefined });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL: ${describe(e)}`);
  }
  try {
    return await migratePostgres(client);
  } catch (e) {
    throw new Error(`cannot migrate the PostgreSQL database: ${describe(e)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Opens the PostgreSQL store for `--database postgres://…`: migrate, then serve from a pool. */
export async function openPostgresStore(o: PostgresStoreOptions): Promise<Store> {
  await migrateDatabase(o);
  return createPostgresStore(createPool(o), { lockWaitMs: o.statementTimeoutMs, origin: o.origin });
}
