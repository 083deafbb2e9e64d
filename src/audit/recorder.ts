import type { AuditDraft, AuditEntry, AuditStore } from '../storage/audit-ports.js';
import type { LineSink } from './jsonl-sink.js';
import { auditKeysOf } from './keys-of.js';
import type { CloudTrailRecord } from './record.js';
import type { PreparedRecord } from './record-template.js';
import type { SubscriptionMatcher } from './webhooks/subscriptions.js';

export type RecorderOptions = {
  store: Pick<AuditStore, 'appendAudit'>;
  /** Extra sinks (JSON-lines file, stdout); every one must accept a batch, like the database. */
  sinks?: readonly LineSink[];
  subscriptions?: SubscriptionMatcher;
  /** After each committed batch (checkpoints; `deliveries` = outbox rows added); must not throw. */
  afterCommit?: (entries: AuditEntry[], deliveries: number) => void;
};

export type AuditRecorder = {
  /** Resolves once the record is durable in the database and every sink; rejects otherwise. */
  record(r: CloudTrailRecord): Promise<void>;
  /** The same for a record already serialised (record-template.ts); matched by no subscription. */
  recordPrepared(eventId: string, p: PreparedRecord): Promise<void>;
  /** Resolves when everything recorded so far has been written or has failed. */
  drain(): Promise<void>;
  stats(): { batches: number; records: number; failedBatches: number };
};

type Pending = { draft: AuditDraft; line: string; settle: (e?: unknown) => void };

/**
 * Batches written at once; more wait in the queue (and grow the next batch). Two: one being
 * committed and one the writer can gather into it. Every message to the writer thread has a
 * fixed cost on both threads, so records that wait here travel together.
 */
const MAX_IN_FLIGHT = 2;

/**
 * Group commit. Records queue up; once per event-loop turn (setImmediate) the queue is sent as one
 * batch: one database transaction (one fsync) and one write per sink, in parallel. Batches are
 * pipelined (two in flight; the store keeps their order, and the SQLite writer thread merges
 * those that arrive during a commit into the next), so the event loop never waits for a disk.
 * Each caller waits for its own batch, and a failed batch fails every request in it: no record,
 * no response.
 */
export function createRecorder(o: RecorderOptions): AuditRecorder {
  const sinks = o.sinks ?? [];
  let queue: Pending[] = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();
  const stats = { batches: 0, records: 0, failedBatches: 0 };

  const writeBatch = async (batch: Pending[]) => {
    const lines = sinks.length ? batch.map((p) => p.line).join('') : '';
    try {
      const [entries] = await Promise.all([
        o.store.appendAudit(batch.map((p) => p.draft)),
        ...sinks.map((s) => s.write(lines)),
      ]);
      stats.batches += 1;
      stats.records += batch.length;
      for (const p of batch) p.settle();
      o.afterCommit?.(
        entries,
        batch.reduce((n, p) => n + p.draft.deliverTo.length, 0),
      );
    } catch (e) {
      stats.failedBatches += 1;
      for (const p of batch) p.settle(e);
    }
  };

  const schedule = () => {
    if (scheduled || inFlight.size >= MAX_IN_FLIGHT) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (queue.length === 0) return;
      const batch = queue;
      queue = [];
      const done: Promise<void> = writeBatch(batch).finally(() => {
        inFlight.delete(done);
        if (queue.length > 0) schedule();
      });
      inFlight.add(done);
    });
  };

  const enqueue = (draft: AuditDraft) =>
    new Promise<void>((ok, fail) => {
      queue.push({ draft, line: `${draft.record}\n`, settle: (e) => (e === undefined ? ok() : fail(e)) });
      schedule();
    });

  return {
    record(r) {
      return enqueue({
        eventId: r.eventID,
        eventTime: Date.parse(r.eventTime),
        record: JSON.stringify(r),
        keys: auditKeysOf(r),
        deliverTo: o.subscriptions?.match(r) ?? [],
      });
    },
    recordPrepared: (eventId, p) =>
      enqueue({ eventId, eventTime: p.eventTime, record: p.text, keys: p.keys, deliverTo: [] }),
    async drain() {
      while (queue.length > 0 || inFlight.size > 0 || scheduled) {
        await (inFlight.size > 0 ? Promise.all(inFlight) : new Promise((r) => setImmediate(r)));
      }
    },
    stats: () => ({ ...stats }),
  };
}
