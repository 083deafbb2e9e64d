import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { AuditCheckpoint, AuditDraft } from '../audit-ports.js';
import { createAuditRecords } from './audit-records.js';
import { openSqliteDatabase } from './open-sqlite.js';

/**
 * The audit writer thread (see audit-writer.ts): its own connection to the database file, with
 * the same durability settings. Batches that queued up while it was committing are merged into
 * one transaction (one fsync); if that fails, each is retried alone, so one bad batch fails only
 * its own requests. Each reply carries, per draft, its place in the chain: [seq, prevEventId,
 * prevHash, hash]. Checkpoints are written in message order, after the batches before them.
 */
type Append = { type: 'append'; id: number; drafts: AuditDraft[] };
type Checkpoint = { type: 'checkpoint'; id: number; checkpoint: AuditCheckpoint };
type Message = Append | Checkpoint | { type: 'close' };

const port = parentPort!;
const db = openSqliteDatabase((workerData as { path: string }).path);
const records = createAuditRecords(db);

const reply = (m: Append, entries: ReturnType<typeof records.appendAudit>) =>
  port.postMessage({ id: m.id, links: entries.map((e) => [e.seq, e.prevEventId, e.prevHash, e.hash]) });

function appendAlone(m: Append): void {
  try {
    reply(m, records.appendAudit(m.drafts));
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
}

function checkpoint(m: Checkpoint): void {
  try {
    records.appendAuditCheckpoint(m.checkpoint);
    port.postMessage({ id: m.id, links: [] });
  } catch (e) {
    port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
}

port.on('message', (first: Message) => {
  let batches: Append[] = [];
  let closing = false;
  for (let m: Message | undefined = first; m; m = receiveMessageOnPort(port)?.message as Message | undefined) {
    if (m.type === 'close') closing = true;
    else if (m.type === 'append') batches.push(m);
    else {
      if (batches.length > 0) appendMerged(batches);
      batches = [];
      checkpoint(m);
    }
  }
  if (batches.length > 0) appendMerged(batches);
  if (closing) {
    db.close();
    port.close();
  }
});
