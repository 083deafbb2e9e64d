import { describe, expect, it } from 'vitest';
import { aSecret, aVersion, latch, seed, stageMap } from '../../src/storage/conformance/fixtures.js';
import type { SortBy } from '../../src/storage/ports.js';
import { MIGRATIONS, type Migration, migrate } from '../../src/storage/sqlite/migrations.js';
import { openSqliteDatabase, openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';
import { encodeCursor, scanSql } from '../../src/storage/sqlite/scan.js';
import { READ_SQL } from '../../src/storage/sqlite/secret-reads.js';

const SORTS: SortBy[] = ['name', 'created-date', 'last-changed-date', 'last-accessed-date'];

describe('migrations', () => {
  it('are numbered 1, 2, 3… in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('apply only the pending ones, and refuse a database from a newer build', () => {
    const db = openSqliteDatabase(':memory:');
    const next: Migration = { version: MIGRATIONS.length + 1, name: 'extra', sql: 'CREATE TABLE extra (x TEXT)' };
    expect(migrate(db, [...MIGRATIONS, next])).toEqual([next.version]);
    expect(migrate(db, [...MIGRATIONS, next])).toEqual([]);
    expect(() => migrate(db)).toThrow(/newer than this build/);
    db.close();
  });

  it('roll back a failing migration completely', () => {
    const db = openSqliteDatabase(':memory:');
    const bad: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'bad',
      sql: 'CREATE TABLE half (x TEXT); CREATE TABLE broken (',
    };
    expect(() => migrate(db, [...MIGRATIONS, bad])).toThrow();
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'half'").all();
    expect(tables).toEqual([]);
    expect(migrate(db)).toEqual([]);
    db.close();
  });
});

describe('query plans', () => {
  const db = openSqliteDatabase(':memory:');
  const plan = (sql: string, params: unknown) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as never) as { detail: string }[]).map((r) => r.detail);

  it('serve every hot-path read from an index', () => {
    for (const [name, sql] of Object.entries(READ_SQL)) {
      const args = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
      const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
      for (const step of steps) expect(step, `${name}: ${step}`).not.toMatch(/^SCAN /);
    }
  });

  it('page scans by seeking the sort index, without sorting', () => {
    const params = { account: 'a', region: 'r', key: 1, id: 'x', limit: 10 };
    for (const sortBy of SORTS) {
      for (const descending of [false, true]) {
        for (const hasCursor of [false, true]) {
          const shape = { sortBy, descending, hasCursor, includeDeleted: false, hasPrefix: false };
          const steps = plan(scanSql(shape), params);
          expect(steps.join(' | '), JSON.stringify(shape)).toMatch(
            /^SEARCH secrets USING INDEX secrets_by_\w+ \(account_id=\? AND region=\?/,
          );
          expect(steps.join(' | ')).not.toMatch(/TEMP B-TREE/);
          if (hasCursor) expect(steps.join(' | ')).toMatch(/[<>]\?\)$/);
        }
      }
    }
  });
});

describe('sqlite transaction gate', () => {
  it('rejects a nested transaction instead of deadlocking', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const nested = store.transaction(() => store.transaction(async () => 1));
    await expect(nested).rejects.toThrow(/nested transactions/);
    await store.close();
  });

  it('refuses a tx object used after its transaction ended', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const leaked = await store.transaction(async (tx) => tx);
    await expect(leaked.insertSecret(aSecret())).rejects.toThrow(/already finished/);
    await store.close();
  });

  it('undoes a whole failed multi-statement write, so the transaction can go on', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const s = aSecret();
    const v = aVersion(s.id, { stages: ['AWSCURRENT'] });
    await seed(store, [s], [v]);
    await store.transaction(async (tx) => {
      const bad = stageMap({ AWSPREVIOUS: v.versionId, AWSCURRENT: 'missing' });
      await expect(tx.setStages(s.id, bad)).rejects.toThrow(/FOREIGN KEY/);
      expect((await tx.getVersion(s.id, v.versionId))?.stages).toEqual(['AWSCURRENT']);
      await tx.updateSecret({ ...s, description: 'still committed' });
    });
    expect((await store.findById(s.id))?.description).toBe('still committed');
    await store.close();
  });

  it('runs a read that waited for an open transaction before the next queued one', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const s = aSecret();
    const started = latch();
    const hold = latch();
    const first = store.transaction(async (tx) => {
      started.open();
      await hold.promise;
      await tx.insertSecret(s);
    });
    await started.promise;
    const order: string[] = [];
    const second = store.transaction(async (tx) => {
      order.push(`tx sees ${(await tx.countSecrets(s.accountId, s.region)) === 1 ? 'first' : 'nothing'}`);
    });
    const read = store.findById(s.id).then((r) => order.push(r ? 'read found' : 'read missing'));
    hold.open();
    await Promise.all([first, second, read]);
    expect(order).toEqual(['read found', 'tx sees first']);
    await store.close();
  });

  it('runs reads at once while no transaction is open', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const s = aSecret();
    await seed(store, [s]);
    const order: string[] = [];
    const read = store.findById(s.id).then(() => order.push('read'));
    const tx = store.transaction(async () => {
      order.push('tx');
    });
    await Promise.all([read, tx]);
    expect(order).toEqual(['read', 'tx']);
    await store.close();
  });
});

describe('scan cursors', () => {
  it('reject a well-formed cursor whose key has the wrong type', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    const q = {
      accountId: 'a',
      region: 'r',
      includeDeleted: false,
      sortBy: 'name' as const,
      descending: false,
      limit: 5,
    };
    const wrongType = encodeCursor({ s: 'name', d: 0, k: 5, i: 'x' });
    await expect(store.scanSecrets({ ...q, after: wrongType })).rejects.toThrow(/^invalid cursor$/);
    const fractional = encodeCursor({ s: 'created-date', d: 0, k: 1.5, i: 'x' });
    await expect(store.scanSecrets({ ...q, sortBy: 'created-date', after: fractional })).rejects.toThrow(
      /^invalid cursor$/,
    );
    await store.close();
  });
});
