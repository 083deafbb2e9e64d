import { type AuditDraft, type AuditEntry, linkEntry } from '../audit-ports.js';

/**
 * What the event loop and the audit writer thread send each other, packed flat.
 *
 * postMessage copies objects property by property (structured clone); a batch of drafts as
 * objects cost the event loop ~5 µs a record, more than building the record. Strings copy as
 * one block: the record texts travel concatenated, the rest of each draft as a small JSON
 * array, and the reply as one string of hashes (each entry's previous id and hash follow from
 * the one before it).
 */
export type PackedDrafts = { records: string; meta: string };

type Meta = [
  eventId: string,
  eventTime: number,
  length: number,
  accountId: string,
  region: string,
  eventSource: string,
  eventName: string,
  readOnly: 0 | 1,
  username: string | null,
  accessKeyId: string | null,
  resources: [string, string][],
  deliverTo: readonly string[],
];

export function packDrafts(drafts: readonly AuditDraft[]): PackedDrafts {
  let records = '';
  const meta: Meta[] = [];
  for (const d of drafts) {
    const k = d.keys;
    records += d.record;
    meta.push([
      d.eventId,
      d.eventTime,
      d.record.length,
      k.accountId,
      k.region,
      k.eventSource,
      k.eventName,
      k.readOnly ? 1 : 0,
      k.username ?? null,
      k.accessKeyId ?? null,
      k.resources.map((r) => [r.type, r.name]),
      d.deliverTo,
    ]);
  }
  return { records, meta: JSON.stringify(meta) };
}

export function unpackDrafts(p: PackedDrafts): AuditDraft[] {
  let at = 0;
  return (JSON.parse(p.meta) as Meta[]).map((m) => {
    const [eventId, eventTime, length, accountId, region, eventSource, eventName, readOnly] = m;
    const keys: AuditDraft['keys'] = {
      accountId,
      region,
      eventSource,
      eventName,
      readOnly: readOnly === 1,
      resources: m[10].map(([type, name]) => ({ type, name })),
    };
    if (m[8] !== null) keys.username = m[8];
    if (m[9] !== null) keys.accessKeyId = m[9];
    const record = p.records.slice(at, at + length);
    at += length;
    return { eventId, eventTime, record, keys, deliverTo: m[11] };
  });
}

/** The chain position of a run of entries: the first's number and predecessor, every hash. */
export type PackedLinks = { seq: number; prevEventId: string; prevHash: string; hashes: string };

const HASH_LENGTH = 64;

export const packLinks = (entries: readonly AuditEntry[]): PackedLinks => ({
  seq: entries[0]?.seq ?? 0,
  prevEventId: entries[0]?.prevEventId ?? '',
  prevHash: entries[0]?.prevHash ?? '',
  hashes: entries.map((e) => e.hash).join(''),
});

export function unpackLinks(drafts: readonly AuditDraft[], l: PackedLinks): AuditEntry[] {
  let prevEventId = l.prevEventId;
  let prevHash = l.prevHash;
  return drafts.map((d, i) => {
    const e = linkEntry(d, l.seq + i, prevEventId, prevHash, l.hashes.slice(i * HASH_LENGTH, (i + 1) * HASH_LENGTH));
    prevEventId = d.eventId;
    prevHash = e.hash;
    return e;
  });
}
