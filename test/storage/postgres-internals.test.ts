import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/auth/access-keys.js';
import { ServiceError } from '../../src/domain/errors.js';
import { aSecret, latch, seed } from '../../src/storage/conformance/fixtures.js';
import type { Store } from '../../src/storage/ports.js';
import { toStoreError } from '../../src/storage/postgres/errors.js';
import { MIGRATIONS } from '../../src/storage/postgres/migrations.js';
import { migrateDatabase, openPostgresStore } from '../../src/storage/postgres/open-postgres.js';
import { connectionConfig } from '../../src/storage/postgres/pool.js';
import { freePort } from '../helpers/pg-cluster.js';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg-database.js';

/** What several nodes starting on one database at once rely on, and how failures surface. */
const available = await pgAvailable();
const clock = { now: () => Date.UTC(2024, 0, 1) };
const rootKey = Buffer.alloc(32, 7);

describe.skipIf(!available)('postgres store across nodes', () => {
  let db: TestDatabase;
  const stores: Store[] = [];
  const open = async (o: { statementTimeoutMs?: number } = {}) => {
    const s = await openPostgresStore({ url: db.url, ...o });
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await db?.drop();
  });

  it('applies the migrations once when two nodes open an empty database at the same moment', async () => {
    const runs = await Promise.all([migrateDatabase({ url: db.url }), migrateDatabase({ url: db.url })]);
    const all = MIGRATIONS.map((m) => m.version);
    expect(runs.map((r) => r.length).sort()).toEqual([0, all.length]);
    expect(runs.flat()).toEqual(all);
    const ledger = await db.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(ledger.rows.map((r) => r.version)).toEqual(all);
    // Both nodes then open and use it.
    const [a, b] = await Promise.all([open(), open()]);
    await seed(a, [aSecret({ name: 'seen-by-both' })]);
    expect((await b.findByName('111122223333', 'us-east-1', 'seen-by-both'))?.name).toBe('seen-by-both');
  });

  it('refuses a database migrated by a newer build', async () => {
    const other = await createTestDatabase();
    try {
      await migrateDatabase({ url: other.url });
      await other.query("INSERT INTO schema_migrations VALUES (999, 'from the future', 0)");
      await expect(openPostgresStore({ url: other.url })).rejects.toThrow(/schema version 999 is newer/);
    } finally {
      await other.drop();
    }
  });

  it('agrees on one initMeta value across 20 concurrent calls from two nodes', async () => {
    const [a, b] = [await open(), await open()];
    const calls = Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).initMeta('race-key', `value-${i}`));
    const results = await Promise.all(calls);
    expect(new Set(results).size).toBe(1);
    expect(await a.getMeta('race-key')).toBe(results[0]);
    expect(await b.getMeta('race-key')).toBe(results[0]);
  });

  it('creates one administrator when two nodes initialize an empty database together', async () => {
    const fresh = await createTestDatabase();
    const [a, b] = await Promise.all([openPostgresStore({ url: fresh.url }), openPostgresStore({ url: fresh.url })]);
    try {
      const admins = await Promise.all([ensureAdmin(a, rootKey, clock, {}), ensureAdmin(b, rootKey, clock, {})]);
      const [x, y] = admins;
      expect(x?.accessKeyId).toBe(y?.accessKeyId);
      expect(x?.secretAccessKey).toBe(y?.secretAccessKey);
      expect(x?.accountId).toBe(y?.accountId);
      expect(admins.filter((m) => m.created)).toHaveLength(1);
      expect(await a.listAccessKeys(x!.accountId)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await fresh.drop();
    }
  });

  it('serialises writers of one secret across nodes with SELECT … FOR UPDATE', async () => {
    const [a, b] = [await open(), await open()];
    const s = aSecret({ description: 'zero' });
    await seed(a, [s]);
    const locked = latch();
    const release = latch();
    const first = a.transaction(async (tx) => {
      await tx.lockSecret(s.id);
      locked.open();
      await release.promise;
      await tx.updateSecret({ ...s, description: 'one' });
    });
    await locked.promise;
    let secondSaw: string | undefined;
    const second = b.transaction(async (tx) => {
      secondSaw = (await tx.lockSecret(s.id))?.description;
    });
    // Node b is parked on the row lock until node a commits.
    await new Promise((r) => setTimeout(r, 100));
    expect(secondSaw).toBeUndefined();
    release.open();
    await Promise.all([first, second]);
    expect(secondSaw).toBe('one');
  });

  it('answers ServiceUnavailable when a lock wait outlasts statement_timeout, instead of hanging', async () => {
    const [a, b] = [await open(), await open({ statementTimeoutMs: 200 })];
    const s = aSecret();
    await seed(a, [s]);
    const locked = latch();
    const release = latch();
    const holder = a.transaction(async (tx) => {
      await tx.lockSecret(s.id);
      locked.open();
      await release.promise;
    });
    await locked.promise;
    try {
      const waiter = b.transaction((tx) => tx.lockSecret(s.id));
      await expect(waiter).rejects.toBeInstanceOf(ServiceError);
      await expect(waiter).rejects.toMatchObject({ code: 'ServiceUnavailable', status: 503 });
      // The node's pool is still healthy afterwards.
      expect((await b.findById(s.id))?.id).toBe(s.id);
    } finally {
      release.open();
      await holder;
    }
  });

  it('bounds the wait for a writer of the same secret on the same node the same way', async () => {
    const a = await open({ statementTimeoutMs: 200 });
    const s = aSecret();
    await seed(a, [s]);
    const locked = latch();
    const release = latch();
    const holder = a.transaction(async (tx) => {
      await tx.lockSecret(s.id);
      locked.open();
      await release.promise;
      return 'held';
    });
    await locked.promise;
    try {
      const waiter = a.transaction((tx) => tx.lockSecret(s.id));
      await expect(waiter).rejects.toMatchObject({ code: 'ServiceUnavailable', status: 503 });
    } finally {
      release.open();
    }
    expect(await holder).toBe('held');
    // The abandoned place in the queue was released: the next writer gets the lock at once.
    expect((await a.transaction((tx) => tx.lockSecret(s.id)))?.id).toBe(s.id);
  });

  it('rolls back a transaction whose body swallowed a failed statement, rather than committing half', async () => {
    const a = await open();
    const s = aSecret({ name: 'swallowed' });
    await seed(a, [s]);
    const attempt = a.transaction(async (tx) => {
      await tx.insertSecret(aSecret({ name: 'would-be-committed' }));
      await tx.insertSecret(aSecret({ name: 'swallowed' })).catch(() => {});
    });
    await expect(attempt).rejects.toMatchObject({ conflict: 'secret-name' });
    expect(await a.findByName('111122223333', 'us-east-1', 'would-be-committed')).toBeUndefined();
  });

  it('opens connections with synchronous_commit on and the configured statement_timeout', async () => {
    // The pool and the migration connection are both built from connectionConfig.
    const client = new pg.Client(connectionConfig({ url: db.url, statementTimeoutMs: 1234 }));
    await client.connect();
    try {
      const show = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0]?.[name];
      expect(await show('synchronous_commit')).toBe('on');
      expect(await show('statement_timeout')).toBe('1234ms');
      expect(await show('application_name')).toBe('strongroom');
      const bigint = await client.query('SELECT 9007199254740991::bigint AS n');
      expect(bigint.rows[0].n).toBe(Number.MAX_SAFE_INTEGER);
    } finally {
      await client.end();
    }
  });
});

describe('postgres store with the database unreachable', () => {
  it('fails to open with a clear message, and never with the URL', async () => {
    const port = await freePort();
    const url = `postgres://strongroom:hunter2secret@127.0.0.1:${port}/none`;
    const failure = openPostgresStore({ url, connectTimeoutMs: 2000 });
    await expect(failure).rejects.toThrow(/cannot connect to PostgreSQL: .*ECONNREFUSED/);
    await expect(failure).rejects.not.toThrow(/hunter2secret/);
  });
});

describe('driver errors as the ports report them', () => {
  const dbError = (code: string, constraint?: string) =>
    Object.assign(new pg.DatabaseError('from the server', 0, 'error'), { code, constraint });

  it('maps unique violations to StoreConflictError by constraint name', () => {
    expect(toStoreError(dbError('23505', 'secrets_by_name'))).toMatchObject({ conflict: 'secret-name' });
    expect(toStoreError(dbError('23505', 'access_keys_pkey'))).toMatchObject({ conflict: 'access-key' });
    expect(toStoreError(dbError('23505', 'iam_users_pkey'))).toMatchObject({ conflict: 'other' });
  });

  it('maps a lost or unreachable database to ServiceUnavailable (503), and nothing else', () => {
    const lost = [
      dbError('57P01'),
      dbError('08006'),
      dbError('57P03'),
      dbError('57014'),
      dbError('53300'),
      dbError('40P01'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ];
    for (const e of lost) {
      const mapped = toStoreError(e);
      expect(mapped).toBeInstanceOf(ServiceError);
      expect(mapped).toMatchObject({ code: 'ServiceUnavailable', status: 503 });
    }
    const foreignKey = dbError('23503');
    expect(toStoreError(foreignKey)).toBe(foreignKey);
    const bug = new TypeError('not a database problem');
    expect(toStoreError(bug)).toBe(bug);
  });
});
