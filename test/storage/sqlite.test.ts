import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aSecret, aVersion, seed, stageMap } from '../../src/storage/conformance/fixtures.js';
import { storeContract } from '../../src/storage/conformance/store-contract.js';
import { MIGRATIONS, migrate } from '../../src/storage/sqlite/migrations.js';
import { openSqliteDatabase, openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'strongroom-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = () => join(dir, `store-${++n}.db`);

storeContract('sqlite :memory:', () => openSqliteStore({ path: ':memory:' }));
storeContract('sqlite file', () => openSqliteStore({ path: freshFile() }));

describe('sqlite durability settings', () => {
  it('opens files in WAL mode with synchronous=FULL, foreign keys and a busy timeout', () => {
    const db = openSqliteDatabase(freshFile());
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  it.skipIf(process.platform === 'win32')(
    'creates a new database file, and its WAL, readable by the owner only',
    () => {
      const path = freshFile();
      const db = openSqliteDatabase(path);
      try {
        expect(statSync(path).mode & 0o777).toBe(0o600);
        expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
      } finally {
        db.close();
      }
    },
  );

  it('opens :memory: with synchronous=FULL and foreign keys (no WAL for memory)', () => {
    const db = openSqliteDatabase(':memory:');
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('sqlite reopen', () => {
  it('finds every committed write after close and reopen', async () => {
    const path = freshFile();
    const s = aSecret({ name: 'persisted', description: 'kept' });
    const v = aVersion(s.id, { sealed: Uint8Array.from([7, 0, 7]) });
    const first = await openSqliteStore({ path });
    await seed(first, [s], [v]);
    await first.transaction((tx) => tx.setStages(s.id, stageMap({ AWSCURRENT: v.versionId })));
    const key = {
      keyId: 'k1',
      accountId: s.accountId,
      region: s.region,
      alias: 'a',
      wrapped: Uint8Array.from([1]),
      createdAt: 1,
      enabled: true,
    };
    await first.insertKey(key);
    await first.initMeta('root', 'check');
    await first.touchLastAccessed(s.id, v.versionId, 86_400_000);
    await first.close();

    const again = await openSqliteStore({ path });
    try {
      expect(await again.findByName(s.accountId, s.region, 'persisted')).toStrictEqual({
        ...s,
        lastAccessedAt: 86_400_000,
      });
      expect(await again.getVersionByStage(s.id, 'AWSCURRENT')).toStrictEqual({
        ...v,
        stages: ['AWSCURRENT'],
        lastAccessedAt: 86_400_000,
      });
      expect(await again.findKey('k1')).toStrictEqual(key);
      expect(await again.getMeta('root')).toBe('check');
    } finally {
      await again.close();
    }
  });

  it('applies migrations once: a second open runs none', () => {
    const path = freshFile();
    const ledger = (db: ReturnType<typeof openSqliteDatabase>) =>
      db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
    const first = openSqliteDatabase(path);
    const applied = ledger(first);
    expect(applied.map((r) => (r as { version: number }).version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(first)).toEqual([]);
    first.close();

    const second = openSqliteDatabase(path);
    try {
      expect(ledger(second)).toEqual(applied);
      expect(migrate(second)).toEqual([]);
    } finally {
      second.close();
    }
  });

  it('lets two connections open the same file (the second sees the schema already there)', async () => {
    const path = freshFile();
    const a = await openSqliteStore({ path });
    const b = await openSqliteStore({ path });
    try {
      const s = aSecret();
      await seed(a, [s]);
      expect(await b.findById(s.id)).toStrictEqual(s);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
