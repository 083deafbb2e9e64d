import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditCheckpoint, AuditDraft, AuditEntry } from '../audit-ports.js';
import { type PackedLinks, packDrafts, unpackLinks } from './audit-writer-wire.js';

type Reply = { id: number; links?: PackedLinks; error?: string };

export type AuditWriter = {
  append(drafts: readonly AuditDraft[]): Promise<AuditEntry[]>;
  /** Checkpoints go through the same thread: on the event loop they would wait for its lock. */
  checkpoint(c: AuditCheckpoint): Promise<void>;
  close(): Promise<void>;
};

const WORKER = new URL('./audit-writer-worker.js', import.meta.url);

type Waiting = { ok: (links: PackedLinks) => void; fail: (e: Error) => void };

/**
 * Appends audit batches on a worker thread with its own connection to the same file. A batch
 * costs one fsync (synchronous=FULL) and index updates; on the main thread that would stall
 * every request for the commit, off it the event loop keeps serving while the batch syncs.
 * Both connections take SQLite's single write lock, so the chain is still built inside one
 * IMMEDIATE transaction per batch. Signed checkpoints are written by the same thread: taken on
 * the main connection, SQLite's busy handler would sleep the whole event loop while the writer
 * holds the lock. The thread starts on the first write and restarts if it dies.
 *
 * Undefined when the compiled worker script is absent (tests running the TypeScript sources):
 * the store then writes on its own connection.
 */
export function createAuditWriter(path: string): AuditWriter | undefined {
  if (!existsSync(fileURLToPath(WORKER))) return undefined;
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, Waiting>();

  const failAll = (e: Error) => {
    for (const p of pending.values()) p.fail(e);
    pending.clear();
  };

  const start = (): Worker => {
    const w = new Worker(WORKER, { workerData: { path } });
    w.on('message', (r: Reply) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (pending.size === 0) w.unref();
      if (r.error !== undefined || !r.links) return p.fail(new Error(r.error ?? 'audit writer sent no result'));
      p.ok(r.links);
    });
    w.on('error', (e) => {
      worker = undefined;
      failAll(e);
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('audit writer stopped'));
    });
    // Idle, it must not keep the process alive; with a write in flight it must (see send).
    w.unref();
    return w;
  };

  const send = (message: Record<string, unknown>): Promise<PackedLinks> => {
    worker ??= start();
    const id = nextId++;
    const w = worker;
    return new Promise((ok, fail) => {
      if (pending.size === 0) w.ref();
      pending.set(id, { ok, fail });
      w.postMessage({ ...message, id });
    });
  };

  return {
    async append(drafts) {
      if (drafts.length === 0) return [];
      return unpackLinks(drafts, await send({ type: 'append', ...packDrafts(drafts) }));
    },
    async checkpoint(c) {
      await send({ type: 'checkpoint', checkpoint: c });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (!w) return;
      w.ref();
      await new Promise<void>((done) => {
        w.once('exit', () => done());
        w.postMessage({ type: 'close' });
      });
    },
  };
}
