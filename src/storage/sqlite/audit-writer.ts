import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditDraft, AuditEntry } from '../audit-ports.js';

type Link = [seq: number, prevEventId: string, prevHash: string, hash: string];
type Reply = { id: number; links?: Link[]; error?: string };

export type AuditWriter = {
  append(drafts: readonly AuditDraft[]): Promise<AuditEntry[]>;
  close(): Promise<void>;
};

const WORKER = new URL('./audit-writer-worker.js', import.meta.url);

/**
 * Appends audit batches on a worker thread with its own connection to the same file. A batch
 * costs one fsync (synchronous=FULL) and index updates; on the main thread that would stall
 * every request for the commit, off it the event loop keeps serving while the batch syncs.
 * Both connections take SQLite's single write lock, so the chain is still built inside one
 * IMMEDIATE transaction per batch. The thread starts on the first append and restarts if it dies.
 *
 * Undefined when the compiled worker script is absent (tests running the TypeScript sources):
 * the store then appends on its own connection.
 */
export function createAuditWriter(path: string): AuditWriter | undefined {
  if (!existsSync(fileURLToPath(WORKER))) return undefined;
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<
    number,
    { drafts: readonly AuditDraft[]; ok: (e: AuditEntry[]) => void; fail: (e: Error) => void }
  >();

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
      p.ok(
        p.drafts.map((d, i) => {
          const [seq, prevEventId, prevHash, hash] = r.links![i]!;
          return {
            seq,
            eventId: d.eventId,
            eventTime: d.eventTime,
            record: d.record,
            keys: d.keys,
            prevEventId,
            prevHash,
            hash,
          };
        }),
      );
    });
    w.on('error', (e) => {
      worker = undefined;
      failAll(e);
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('audit writer stopped'));
    });
    // Idle, it must not keep the process alive; with a batch in flight it must (see append).
    w.unref();
    return w;
  };

  return {
    append(drafts) {
      if (drafts.length === 0) return Promise.resolve([]);
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise((ok, fail) => {
        if (pending.size === 0) w.ref();
        pending.set(id, { drafts, ok, fail });
        w.postMessage({ type: 'append', id, drafts });
      });
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
