/**
 * The audit trail's storage port: an append-only, hash-chained list of CloudTrail records plus
 * signed checkpoints, webhook subscriptions and their delivery outbox. Implementations:
 * sqlite/audit-*.ts today; a PostgreSQL store implements the same (see docs/audit.md, "For a new
 * backend"). The conformance cases are conformance/audit-cases.ts.
 *
 * Invariants every implementation keeps:
 * - `appendAudit` is one transaction, durable before it resolves, that numbers the drafts
 *   head.seq + 1, head.seq + 2, ... and links each to the previous entry with `chainHash`
 *   (the head is read inside that transaction, so concurrent appenders still form one chain);
 * - the stored `record` text is never re-serialised: its exact bytes are what is hashed;
 * - outbox rows named by a draft's `deliverTo` commit with the entry, or not at all.
 */
import { createHash } from 'node:crypto';

/** A resource a record names: its type and a name (an ARN, a secret name, or the SecretId given). */
export type AuditResource = { type: string; name: string };

/** The lookup keys of a record; derived from the record itself (verify re-derives and compares). */
export type AuditKeys = {
  /** recipientAccountId; '' when the caller was never authenticated. */
  accountId: string;
  /** awsRegion; '' when unknown. */
  region: string;
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  username?: string;
  accessKeyId?: string;
  resources: readonly AuditResource[];
};

/** What the audit layer hands the store: one record, not yet numbered or chained. */
export type AuditDraft = {
  eventId: string;
  /** Epoch ms of the record's eventTime (whole seconds, as CloudTrail writes it). */
  eventTime: number;
  /** The CloudTrail record as JSON text: the canonical bytes. */
  record: string;
  keys: AuditKeys;
  /** Subscriptions whose pattern matched: one outbox row each, in the same transaction. */
  deliverTo: readonly string[];
};

/** A stored record with its place in the chain. */
export type AuditEntry = Omit<AuditDraft, 'deliverTo'> & {
  seq: number;
  /** The previous entry's eventId ('' for the first): names a removed record. */
  prevEventId: string;
  prevHash: string;
  hash: string;
};

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The chain rule: sha256 over a version tag, the entry's number, ids, the previous hash and the
 * record bytes. The number is inside the hash, so moving an entry breaks it; the previous hash is
 * inside, so removing or inserting one breaks the next.
 */
export function chainHash(seq: number, eventId: string, prevEventId: string, prevHash: string, record: string): string {
  return createHash('sha256')
    .update(`strongroom-audit-v1\n${seq}\n${eventId}\n${prevEventId}\n${prevHash}\n`, 'utf8')
    .update(record, 'utf8')
    .digest('hex');
}

/** A draft at its place in the chain: `hash` is given when known, else computed (`chainHash`). */
export function linkEntry(
  d: Omit<AuditDraft, 'deliverTo'>,
  seq: number,
  prevEventId: string,
  prevHash: string,
  hash = chainHash(seq, d.eventId, prevEventId, prevHash, d.record),
): AuditEntry {
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
}

/** A signed statement "the chain up to `upToSeq` ended in `upToHash`", chained by `prevMac`. */
export type AuditCheckpoint = {
  /** 1, 2, 3, ... */
  n: number;
  upToSeq: number;
  upToHash: string;
  createdAt: number;
  prevMac: string;
  mac: string;
};

export type AuditLookupKey =
  | 'EventId'
  | 'EventName'
  | 'ReadOnly'
  | 'Username'
  | 'ResourceType'
  | 'ResourceName'
  | 'EventSource'
  | 'AccessKeyId';

/** Newest first. Undefined account/region = every account/region (operator tools only). */
export type AuditQuery = {
  accountId?: string;
  region?: string;
  attribute?: { key: AuditLookupKey; value: string };
  /** Inclusive bounds on eventTime (ms). */
  startTime?: number;
  endTime?: number;
  /** Only entries with seq < beforeSeq (the page cursor). */
  beforeSeq?: number;
  limit: number;
};

export type AuditSubscription = {
  id: string;
  url: string;
  /** The EventBridge-style pattern as JSON text. */
  pattern: string;
  /** The webhook signing secret, sealed under a key derived from the root key. */
  sealedSecret: Uint8Array;
  createdAt: number;
};

/** One pending webhook delivery, claimed under a lease. */
export type AuditDelivery = {
  id: number;
  subscriptionId: string;
  url: string;
  sealedSecret: Uint8Array;
  entry: AuditEntry;
  /** Attempts so far, this claim included. */
  attempts: number;
};

export type AuditReads = {
  /** Entries with seq > afterSeq, ascending (verify, tail). */
  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  queryAudit(q: AuditQuery): Promise<AuditEntry[]>;
  auditEntryAt(seq: number): Promise<AuditEntry | undefined>;
  auditEntryById(eventId: string): Promise<AuditEntry | undefined>;
  auditHead(): Promise<AuditEntry | undefined>;
  /** Ascending by n. */
  listAuditCheckpoints(): Promise<AuditCheckpoint[]>;
  listAuditSubscriptions(): Promise<AuditSubscription[]>;
  /**
   * Stores whose lookup index is kept apart from the records (SQLite builds it behind the
   * appends): the seq of the first record whose index entries differ from its own resources,
   * undefined when they all agree. Absent where entries are read from the index itself.
   */
  auditIndexMismatch?(): Promise<number | undefined>;
};

export type AuditWrites = {
  appendAudit(drafts: readonly AuditDraft[]): Promise<AuditEntry[]>;
  /** Refuses (throws) a checkpoint whose n is already taken. */
  appendAuditCheckpoint(c: AuditCheckpoint): Promise<void>;
  insertAuditSubscription(s: AuditSubscription): Promise<void>;
  /** Also drops its pending deliveries; false when no such subscription. */
  deleteAuditSubscription(id: string): Promise<boolean>;
  /** Leases up to `limit` deliveries due at `now` (next attempt passed, lease expired), oldest first. */
  claimAuditDeliveries(now: number, leaseMs: number, limit: number): Promise<AuditDelivery[]>;
  /** Delivered: the row goes. */
  completeAuditDelivery(id: number): Promise<void>;
  /** Failed: retry at `retryAt`, or give up (kept, never claimed again) when it is undefined. */
  failAuditDelivery(id: number, retryAt: number | undefined, error: string): Promise<void>;
  /** Pending (not given-up) deliveries; for /metrics and tests. */
  countAuditDeliveries(): Promise<{ pending: number; dead: number }>;
  /** Throws unless an audit write could commit now (for /ready); writes nothing. */
  probeAuditWritable(): Promise<void>;
  /** Secrets per region, those pending deletion included (the ResourceCount metric). */
  countSecretsByRegion(): Promise<{ region: string; count: number }[]>;
};

export type AuditStore = AuditReads & AuditWrites;
