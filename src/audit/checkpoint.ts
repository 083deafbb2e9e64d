import { createHmac, hkdfSync } from 'node:crypto';
import type { AuditCheckpoint, AuditStore } from '../storage/audit-ports.js';

/**
 * Signed checkpoints. The hash chain alone shows that records were changed, removed, inserted or
 * moved, unless someone with write access recomputed every hash after the change. A checkpoint
 * is an HMAC, under a key derived from the root key (which never enters the database), over
 * "the chain up to seq N ended in hash H": recomputing the chain then no longer matches.
 */
export const checkpointKey = (rootKey: Uint8Array): Buffer =>
  Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), 'strongroom audit checkpoint v1', 32));

export function checkpointMac(key: Uint8Array, c: Omit<AuditCheckpoint, 'mac'>): string {
  return createHmac('sha256', key)
    .update(`strongroom-audit-checkpoint-v1\n${c.n}\n${c.upToSeq}\n${c.upToHash}\n${c.createdAt}\n${c.prevMac}`)
    .digest('hex');
}

export type CheckpointerOptions = {
  store: Pick<AuditStore, 'listAuditCheckpoints' | 'appendAuditCheckpoint' | 'auditHead'>;
  key: Uint8Array;
  /** Checkpoint after this many records (default 1,000). */
  every?: number;
  now: () => number;
};

export type Checkpointer = {
  /** After an append: signs the head when `every` records have passed since the last checkpoint. */
  afterAppend(head: { seq: number; hash: string }): Promise<void>;
  /** On a timer: signs the head if any record arrived since the last checkpoint. */
  tick(): Promise<void>;
};

export function createCheckpointer(o: CheckpointerOptions): Checkpointer {
  const every = o.every ?? 1000;
  let last: AuditCheckpoint | undefined;
  let loaded = false;
  // One checkpoint at a time: n must follow n - 1.
  let queue: Promise<void> = Promise.resolve();

  const load = async () => {
    if (loaded) return;
    last = (await o.store.listAuditCheckpoints()).at(-1);
    loaded = true;
  };

  const sign = async (head: { seq: number; hash: string }) => {
    await load();
    if (last && head.seq <= last.upToSeq) return;
    const body = {
      n: (last?.n ?? 0) + 1,
      upToSeq: head.seq,
      upToHash: head.hash,
      createdAt: o.now(),
      prevMac: last?.mac ?? '',
    };
    const c: AuditCheckpoint = { ...body, mac: checkpointMac(o.key, body) };
    try {
      await o.store.appendAuditCheckpoint(c);
      last = c;
    } catch (e) {
      // Another process took this n: re-read and let the next call try again.
      loaded = false;
      throw e;
    }
  };

  const enqueue = (work: () => Promise<void>): Promise<void> => {
    const run = queue.then(work);
    queue = run.catch(() => {});
    return run;
  };

  return {
    afterAppend: (head) =>
      enqueue(async () => {
        await load();
        if (head.seq - (last?.upToSeq ?? 0) >= every) await sign(head);
      }),
    tick: () =>
      enqueue(async () => {
        const head = await o.store.auditHead();
        if (head) await sign(head);
      }),
  };
}
