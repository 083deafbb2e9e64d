import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openSqliteDatabase } from '../../src/storage/sqlite/open-sqlite.js';
import { TransactionGate } from '../../src/storage/sqlite/transaction.js';
import { createWalSync } from '../../src/storage/sqlite/wal-sync.js';

/**
 * Group commit (storage/sqlite/wal-sync.ts): transactions commit without an fsync and are
 * acknowledged only after a shared sync of the WAL file. The sync here is a stand-in whose
 * completion the test controls (the real one is fdatasync, exercised by every other test).
 */
const dir = mkdtempSync(join(tmpdir(), 'strongroom-wal-sync-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function setup() {
  const path = join(dir, `g-${++n}.db`);
  const db = openSqliteDatabase(path);
  db.exec('CREATE TABLE t (x INTEGER)');
  const syncs: { done: () => void; fail: (e: Error) => void }[] = [];
  const wal = createWalSync(
    path,
    (_f: FileHandle) =>
      new Promise<void>((done, fail) => {
        syncs.push({ done, fail });
      }),
  );
  const gate = new TransactionGate(db, wal);
  const insert = db.prepare('INSERT INTO t VALUES (?)');
  const write = (x: number) => gate.transaction(async () => void insert.run(x));
  return { db, wal, gate, write, syncs };
}

describe('group commit of the main connection', () => {
  it('acknowledges a transaction only after the WAL sync that follows its commit', async () => {
    const { db, wal, write, syncs } = setup();
    let acknowledged = false;
    const w = write(1).then(() => {
      acknowledged = true;
    });
    await vi.waitFor(() => expect(syncs).toHaveLength(1));
    // Committed (visible) but not acknowledged: the sync is still running.
    expect(db.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 1 });
    expect(acknowledged).toBe(false);
    syncs[0]!.done();
    await w;
    expect(acknowledged).toBe(true);
    // Statements that commit on their own are back to synchronous=FULL (2).
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    await wal.close();
    db.close();
  });

  it('serves many commits with one sync, and a commit during a sync waits for the next one', async () => {
    const { db, wal, write, syncs } = setup();
    const first = write(0);
    await vi.waitFor(() => expect(syncs).toHaveLength(1));
    // These commit while the first sync runs: all of them wait for one more sync.
    let late = 0;
    const rest = Array.from({ length: 20 }, (_, i) => write(i + 1).then(() => void late++));
    await vi.waitFor(() => expect(db.prepare('SELECT count(*) AS c FROM t').get()).toEqual({ c: 21 }));
    syncs[0]!.done();
    await first;
    await vi.waitFor(() => expect(syncs).toHaveLength(2));
    expect(late).toBe(0);
    syncs[1]!.done();
    await Promise.all(rest);
    expect(late).toBe(20);
    expect(syncs).toHaveLength(2);
    await wal.close();
    db.close();
  });

  it('fails the transactions whose sync failed, and syncs afresh for the next', async () => {
    const { db, wal, write, syncs } = setup();
    const doomed = write(1);
    await vi.waitFor(() => expect(syncs).toHaveLength(1));
    syncs[0]!.fail(new Error('EIO: i/o error, fdatasync'));
    await expect(doomed).rejects.toThrow(/EIO/);
    const next = write(2);
    await vi.waitFor(() => expect(syncs).toHaveLength(2));
    syncs[1]!.done();
    await expect(next).resolves.toBeUndefined();
    await wal.close();
    db.close();
  });

  it('does not keep a failed open of the WAL file: the next sync opens it again', async () => {
    const path = join(dir, `missing-${++n}.db`);
    const wal = createWalSync(path);
    await expect(wal.sync()).rejects.toThrow(/ENOENT/);
    writeFileSync(`${path}-wal`, '');
    await expect(wal.sync()).resolves.toBeUndefined();
    await wal.close();
  });
});
