import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { auditCases } from '../../src/storage/conformance/audit-cases.js';
import { useFreshStore } from '../../src/storage/conformance/fixtures.js';
import type { Store } from '../../src/storage/ports.js';

/**
 * File stores append audit batches on a writer thread, which needs the compiled worker script:
 * these cases run against the build in dist/ (npm test builds first), so the thread is exercised.
 */
const DIST = resolve(import.meta.dirname, '../../dist/storage/sqlite');
if (!existsSync(join(DIST, 'audit-writer-worker.js')))
  throw new Error('run `npm run build` first: dist/ has no audit writer');
const { openSqliteStore } = (await import(join(DIST, 'open-sqlite.js'))) as {
  openSqliteStore(o: { path: string }): Promise<Store>;
};
const { createAuditWriter } = (await import(join(DIST, 'audit-writer.js'))) as {
  createAuditWriter(path: string): unknown;
};

const dir = mkdtempSync(join(tmpdir(), 'strongroom-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `w-${++n}.db`);

describe('audit writer thread (compiled store, database file)', () => {
  it('is used for database files', () => {
    expect(createAuditWriter(fresh())).toBeDefined();
  });
  auditCases(useFreshStore(() => openSqliteStore({ path: fresh() })));

  it('chains appends that interleave with main-connection transactions', async () => {
    const store = await openSqliteStore({ path: fresh() });
    try {
      const draft = (i: number) => ({
        eventId: `e-${i}`,
        eventTime: i,
        record: `{"i":${i}}`,
        keys: { accountId: 'a', region: 'r', eventSource: 's', eventName: 'n', readOnly: true, resources: [] },
        deliverTo: [],
      });
      const writes = Array.from({ length: 10 }, (_, i) => store.appendAudit([draft(i)]));
      const txs = Array.from({ length: 5 }, () => store.transaction(async (tx) => tx.findById('x')));
      await Promise.all([...writes, ...txs]);
      const all = await store.readAudit(0, 100);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
      for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
      // A refused batch (duplicate eventID) fails alone; the thread keeps serving.
      await expect(store.appendAudit([draft(3)])).rejects.toThrow(/UNIQUE/);
      await expect(store.appendAudit([draft(99)])).resolves.toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('writes checkpoints on the thread: the event loop never waits for the write lock', async () => {
    const path = fresh();
    const store = await openSqliteStore({ path });
    // Another connection holds the write lock, as the writer thread does during a commit. On the
    // event loop, SQLite's busy handler would sleep the whole process until it is released (here:
    // forever, since the holder runs on this same thread and could never commit).
    const other = new Database(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      const c = { n: 1, upToSeq: 0, upToHash: 'h', createdAt: 1, prevMac: '', mac: 'm' };
      let written = false;
      const checkpoint = store.appendAuditCheckpoint(c).then(() => {
        written = true;
      });
      const t0 = Date.now();
      await new Promise((r) => setTimeout(r, 200));
      // The timer fired on time, so the event loop was free; the checkpoint is still waiting.
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(written).toBe(false);
      other.exec('COMMIT');
      await checkpoint;
      expect(await store.listAuditCheckpoints()).toEqual([c]);
      // A second checkpoint with the same n is refused alone; appends keep working.
      await expect(store.appendAuditCheckpoint(c)).rejects.toThrow(/UNIQUE|PRIMARY/);
      await expect(store.appendAudit([draftFor(1)])).resolves.toHaveLength(1);
    } finally {
      other.close();
      await store.close();
    }
  });

  it('builds the resource index behind the appends, one full run at a time', async () => {
    const path = fresh();
    const store = await openSqliteStore({ path });
    const named = (i: number) => ({
      ...draftFor(i),
      keys: { ...draftFor(i).keys, resources: [{ type: 't', name: `app/${i % 7}` }] },
    });
    const peek = () => {
      const db = new Database(path, { readonly: true });
      try {
        return db.prepare('SELECT run, last_seq FROM audit_resource_runs ORDER BY run').all();
      } finally {
        db.close();
      }
    };
    const q = { attribute: { key: 'ResourceName' as const, value: 'app/3' }, limit: 1000 };
    const expected = (n: number) =>
      Array.from({ length: n }, (_, i) => i + 1)
        .filter((s) => (s - 1) % 7 === 3)
        .reverse();
    try {
      // 1,200 records back to back: once 1,024 have come in, they are indexed as one run.
      for (let b = 0; b < 12; b++) await store.appendAudit(Array.from({ length: 100 }, (_, i) => named(b * 100 + i)));
      await vi.waitFor(() => expect(peek()).toEqual([{ run: 1, last_seq: 1024 }]), { timeout: 3000 });
      // Lookups find the indexed records and the 176 of the tail alike.
      expect((await store.queryAudit(q)).map((e) => e.seq).slice(0, 1000)).toEqual(expected(1200).slice(0, 1000));
    } finally {
      await store.close();
    }
    // The tail is not worth a run of its own: closing leaves it to the column.
    expect(peek()).toEqual([{ run: 1, last_seq: 1024 }]);
  });
});

function draftFor(i: number) {
  return {
    eventId: `c-${i}`,
    eventTime: i,
    record: `{"i":${i}}`,
    keys: { accountId: 'a', region: 'r', eventSource: 's', eventName: 'n', readOnly: true, resources: [] },
    deliverTo: [],
  };
}
