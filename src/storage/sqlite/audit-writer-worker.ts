import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { AuditCheckpoint, AuditDraft } from '../audit-ports.js';
import { createAuditRecords } from './audit-records.js';
import { RUN_SIZE } from './audit-resource-index.js';
import { type PackedDrafts, packLinks, unpackDrafts } from './audit-writer-wire.js';
import { openSqliteDatabase } from './open-sqlite.js';

/**
 * The audit writer thread (see audit-writer.ts): its own connection to the database file, with
 * the same durability settings for audit records (index runs: see below). Batches that queued up while it was committing are merged into
 * one transaction (one fsync); if that fails, each is retried alone, so one bad batch fails only
 * its own requests. Each reply carries the batch's place in the chain (audit-writer-wire.ts).
 * Checkpoints are written in message order, after the batches before them.
 */
type Append = { type: 'append'; id: number; drafts: AuditDraft[] };
type Packed = { type: 'append'; id: number } & PackedDrafts;
type Checkpoint = { type: 'checkpoint'; id: number; checkpoint: AuditCheckpoint };
type Message = Packed | Checkpoint | { type: 'close' };

const port = parentPort!;
const db = openSqliteDatabase((workerData as { path: string }).path);
const records = createAuditRecords(db, { resourceIndex: 'behind' });

/**
 * The resource index is built behind the appends (audit-resource-index.ts), a full run at a time,
 * checked for once a run's worth of records has been appended (and at start, for whatever an
 * earlier process left). A quiet trail keeps a short tail, which queries read through the
 * column: small runs would cost every later lookup a seek each. Its commits use
 * synchronous=NORMAL: no fsync at COMMIT (a run's rows and its run row commit together, the next
 * audit commit's fsync makes them durable), but a WAL checkpoint one of them runs still syncs
 * the database file, so it never rewinds the WAL over unsynced copies of acknowledged records.
 */
let sinceChecked = RUN_SIZE;

function indexFullRuns(): void {
  db.pragma('synchronous = NORMAL');
  try {
    while (records.indexResources(RUN_SIZE) > 0);
  } catch {
    // Retried at the next check; queries read the tail meanwhile.
  } finally {
    db.pragma('synchronous = FULL');
  }
}

function indexBehind(appended: number): void {
  sinceChecked += appended;
  if (sinceChecked < RUN_SIZE) return;
  sinceChecked = 0;
  indexFullRuns();
}

const reply = (m: Append, entries: ReturnType<typeof records.appendAudit>) =>
  port.postMessage({ id: m.id, links: packLinks(entries) });

function appendAlone(m: Append): void {
  try {
    reply(m, records.appendAudit(m.drafts));
    indexBehind(m.drafts.length);
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
}

function appendMerged(batches: Append[]): void {
  if (batches.length === 1) {
    appendAlone(batches[0]!);
    return;
  }
  let entries: ReturnType<typeof records.appendAudit>;
  try {
    entries = records.appendAudit(batches.flatMap((b) => b.drafts));
  } catch {
    for (const b of batches) appendAlone(b);
    return;
  }
  let at = 0;
  for (const b of batches) {
    reply(b, entries.slice(at, at + b.drafts.length));
    at += b.drafts.length;
  }
  indexBehind(entries.length);
}

function checkpoint(m: Checkpoint): void {
  try {
    records.appendAuditCheckpoint(m.checkpoint);
    port.postMessage({ id: m.id, links: packLinks([]) });
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Under sustained load, a commit waits up to GATHER_MS for more records (up to GATHER_RECORDS):
 * most of a commit's cost is fixed (the fsync, and one page write per touched index), so fewer,
 * larger commits leave more CPU to the requests. When the last commit is long past (an idle
 * server) nothing waits: a lone request pays no delay.
 */
const GATHER_MS = Number(process.env.STRONGROOM_AUDIT_GATHER_MS ?? 1);
const GATHER_RECORDS = 64;
const BUSY_WITHIN_MS = 2;
indexBehind(0);
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let lastCommitEnd = Number.NEGATIVE_INFINITY;

port.on('message', (first: Message) => {
  let batches: Append[] = [];
  let drafts = 0;
  let closing = false;
  const flush = () => {
    if (batches.length > 0) appendMerged(batches);
    batches = [];
    drafts = 0;
  };
  const take = (m: Message) => {
    if (m.type === 'close') closing = true;
    else if (m.type === 'append') {
      const unpacked = unpackDrafts(m);
      batches.push({ type: 'append', id: m.id, drafts: unpacked });
      drafts += unpacked.length;
    } else {
      flush();
      checkpoint(m);
    }
  };
  const drain = () => {
    for (let m: Message | undefined = first; m; m = receiveMessageOnPort(port)?.message as Message | undefined) take(m);
  };
  drain();
  if (GATHER_MS > 0 && !closing && performance.now() - lastCommitEnd < BUSY_WITHIN_MS) {
    const until = performance.now() + GATHER_MS;
    while (drafts > 0 && drafts < GATHER_RECORDS && performance.now() < until) {
      Atomics.wait(sleeper, 0, 0, 0.25);
      for (
        let m = receiveMessageOnPort(port)?.message as Message | undefined;
        m;
        m = receiveMessageOnPort(port)?.message as Message | undefined
      )
        take(m);
    }
  }
  flush();
  lastCommitEnd = performance.now();
  if (closing) {
    db.close();
    port.close();
  }
});
