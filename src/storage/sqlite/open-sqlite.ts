import { chmodSync, existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Store } from '../ports.js';
import { migrate } from './migrations.js';
import { createSqliteStore } from './store.js';

export type SqliteStoreOptions = {
  /** A file path, or ':memory:' for a private in-memory database (dev mode, tests). */
  path: string;
};

const isMemory = (path: string) => path === ':memory:' || path === '';

/**
 * Opens a connection with the durability settings the ports promise, then migrates it.
 * WAL + synchronous=FULL: COMMIT returns only after the WAL is fsynced, so an acknowledged
 * write survives kill -9 and power loss; readers never block the writer. The store's
 * transactions commit without that fsync and are acknowledged after a shared one instead
 * (group commit: transaction.ts, wal-sync.ts): the promise is kept at acknowledgement, though
 * other connections may see such a commit before its sync has finished.
 */
export function openSqliteDatabase(path: string): Database.Database {
  const created = !isMemory(path) && !existsSync(path);
  const db = new Database(path);
  try {
    // Owner-only, before any content: SQLite gives the -wal and -shm files the same mode.
    if (created) chmodSync(path, 0o600);
    // First, so that switching to WAL waits for another process instead of failing.
    db.pragma('busy_timeout = 5000');
    if (!isMemory(path)) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`could not enable WAL on ${path} (journal_mode is ${String(mode)})`);
    }
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (db.pragma('foreign_keys', { simple: true }) !== 1) throw new Error('SQLite build lacks foreign keys');
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export async function openSqliteStore(opts: SqliteStoreOptions): Promise<Store> {
  return createSqliteStore(openSqliteDatabase(opts.path));
}
