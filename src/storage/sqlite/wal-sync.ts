import { type FileHandle, open } from 'node:fs/promises';

/**
 * Group commit for the main connection's transactions. They commit with synchronous=NORMAL (no
 * fsync inside COMMIT, so the event loop never waits for the disk) and are acknowledged only
 * after this syncs the WAL file, which holds every frame of every commit before it: one
 * fdatasync, on libuv's thread pool, serves every transaction that committed before it began.
 * A commit that arrives while a sync runs waits for the next one, which starts as soon as the
 * running one ends.
 *
 * The WAL file is opened once and kept open: SQLite keeps it (resetting, never deleting it)
 * while a connection is open, and takes no locks on it that another descriptor could drop.
 */
export type WalSync = {
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
};

export function createWalSync(dbPath: string, datasync = (f: FileHandle) => f.datasync()): WalSync {
  let file: Promise<FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  const start = (): Promise<void> => {
    // A failed open is not kept: the next sync tries again instead of failing every transaction.
    file ??= open(`${dbPath}-wal`, 'r').catch((e: unknown) => {
      file = undefined;
      throw e;
    });
    const p: Promise<void> = file
      .then((f) => datasync(f))
      .finally(() => {
        if (running === p) running = undefined;
      });
    running = p;
    return p;
  };

  return {
    sync() {
      if (queued) return queued;
      if (!running) return start();
      // This commit may have landed after the running sync began: it needs the next one.
      queued = running
        .catch(() => {})
        .then(() => {
          queued = undefined;
          return start();
        });
      return queued;
    },
    async close() {
      await Promise.allSettled([running, queued]);
      const f = await file?.catch(() => undefined);
      file = undefined;
      await f?.close();
    },
  };
}
