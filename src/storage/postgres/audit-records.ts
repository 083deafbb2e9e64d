import {
  type AuditCheckpoint,
  type AuditDraft,
  type AuditEntry,
  type AuditQuery,
  type AuditReads,
  type AuditResource,
  type AuditWrites,
  GENESIS_HASH,
  linkEntry,
} from '../audit-ports.js';
import { AUDIT_COLUMNS, type AuditRow, auditSelect, entryToRow, rowToEntry } from '../sqlite/audit-rows.js';
import { all, one, type Sql } from './sql.js';
import type { Atomic } from './transaction.js';

type RecordReads = Omit<AuditReads, 'listAuditSubscriptions'>;
type RecordWrites = Pick<
  AuditWrites,
  'appendAudit' | 'appendAuditCheckpoint' | 'probeAuditWritable' | 'countSecretsByRegion'
>;

/** A record with its resources gathered by the same statement (json, parsed by pg). */
export type AuditRowWithResources = AuditRow & { resources: AuditResource[] };

/** The select list for audit_records `a`, resources included. */
export const ENTRY_SELECT = `${auditSelect('a')}, coalesce((
    SELECT json_agg(json_build_object('type', r.type, 'name', r.name) ORDER BY r.type, r.name)
    FROM audit_resources r WHERE r.seq = a.seq
  ), '[]'::json) AS resources`;

export const toEntry = (r: AuditRowWithResources): AuditEntry => rowToEntry(r, r.resources);

/**
 * Appenders on every node take this transaction-scoped advisory lock before reading the head,
 * so the chain stays one chain; it is released at COMMIT. An arbitrary constant ("strongrau").
 */
const AUDIT_LOCK_KEY = '8319400234579362165';

type CheckpointRow = {
  n: number;
  up_to_seq: number;
  up_to_hash: string;
  created_at: number;
  prev_mac: string;
  mac: string;
};

const toCheckpoint = (r: CheckpointRow): AuditCheckpoint => ({
  n: r.n,
  upToSeq: r.up_to_seq,
  upToHash: r.up_to_hash,
  createdAt: r.created_at,
  prevMac: r.prev_mac,
  mac: r.mac,
});

/** Each LookupEvents attribute as a condition on audit_records `a`, given its parameter. */
const ATTRIBUTE_SQL: Record<NonNullable<AuditQuery['attribute']>['key'], (p: string) => string> = {
  EventId: (p) => `a.event_id = ${p}`,
  EventName: (p) => `a.event_name = ${p}`,
  ReadOnly: (p) => `a.read_only = ${p}`,
  Username: (p) => `a.username = ${p}`,
  AccessKeyId: (p) => `a.access_key_id = ${p}`,
  EventSource: (p) => `a.event_source = ${p}`,
  ResourceName: (p) => `a.seq IN (SELECT r.seq FROM audit_resources r WHERE r.name = ${p})`,
  ResourceType: (p) => `EXISTS (SELECT 1 FROM audit_resources r WHERE r.seq = a.seq AND r.type = ${p})`,
};

/** One query shape with its parameters (exported for plan tests). */
export function auditQuery(q: AuditQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => `$${values.push(v)}`;
  const where: string[] = [];
  if (q.accountId !== undefined) where.push(`a.account_id = ${p(q.accountId)}`);
  if (q.region !== undefined) where.push(`a.region = ${p(q.region)}`);
  if (q.attribute) {
    const value = q.attribute.key === 'ReadOnly' ? (q.attribute.value === 'true' ? 1 : 0) : q.attribute.value;
    where.push(ATTRIBUTE_SQL[q.attribute.key](p(value)));
  }
  if (q.startTime !== undefined) where.push(`a.event_time >= ${p(q.startTime)}`);
  if (q.endTime !== undefined) where.push(`a.event_time <= ${p(q.endTime)}`);
  if (q.beforeSeq !== undefined) where.push(`a.seq < ${p(q.beforeSeq)}`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return {
    text: `SELECT ${ENTRY_SELECT} FROM audit_records a ${filter} ORDER BY a.seq DESC LIMIT ${p(q.limit)}`,
    values,
  };
}

const INSERT_RECORD = {
  name: 'ar_insert',
  text: `INSERT INTO audit_records (${AUDIT_COLUMNS.join(', ')})
    VALUES (${AUDIT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
};
const INSERT_RESOURCES = {
  name: 'ar_resources',
  text: `INSERT INTO audit_resources (seq, type, name)
    SELECT $1, r.type, r.name FROM unnest($2::text[], $3::text[]) AS r (type, name) ON CONFLICT DO NOTHING`,
};
// A subscription deleted meanwhile must not fail the append (and with it the request).
const INSERT_OUTBOX = {
  name: 'ar_outbox',
  text: `INSERT INTO audit_outbox (subscription_id, seq, next_attempt_at)
    SELECT s.id, $2, $3 FROM audit_subscriptions s WHERE s.id = ANY ($1::text[])`,
};

/** Audit records and checkpoints (migration 3). Appends are the chain's single point of truth. */
export function createAuditRecords(sql: Sql, atomic: Atomic): RecordReads & RecordWrites {
  const entryWhere = async (name: string, where: string, values: unknown[]) => {
    const r = await one<AuditRowWithResources>(sql, {
      name,
      text: `SELECT ${ENTRY_SELECT} FROM audit_records a ${where}`,
      values,
    });
    return r ? toEntry(r) : undefined;
  };

  const append = (drafts: readonly AuditDraft[]) =>
    atomic(async (tx) => {
      await tx({ text: `SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY}::bigint)` });
      const last = await one<AuditRow>(tx, {
        name: 'ar_head_row',
        text: 'SELECT seq, event_id, hash FROM audit_records ORDER BY seq DESC LIMIT 1',
      });
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? GENESIS_HASH;
      let prevEventId = last?.event_id ?? '';
      const out: AuditEntry[] = [];
      for (const d of drafts) {
        seq += 1;
        const e = linkEntry(d, seq, prevEventId, prevHash);
        const row = entryToRow(e);
        await tx({ ...INSERT_RECORD, values: AUDIT_COLUMNS.map((c) => row[c]) });
        const rs = d.keys.resources;
        if (rs.length > 0)
          await tx({ ...INSERT_RESOURCES, values: [seq, rs.map((r) => r.type), rs.map((r) => r.name)] });
        if (d.deliverTo.length > 0) await tx({ ...INSERT_OUTBOX, values: [[...d.deliverTo], seq, d.eventTime] });
        out.push(e);
        prevHash = e.hash;
        prevEventId = d.eventId;
      }
      return out;
    });

  return {
    readAudit: async (afterSeq, limit) =>
      (
        await all<AuditRowWithResources>(sql, {
          name: 'ar_after',
          text: `SELECT ${ENTRY_SELECT} FROM audit_records a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`,
          values: [afterSeq, limit],
        })
      ).map(toEntry),
    queryAudit: async (q) => (await all<AuditRowWithResources>(sql, auditQuery(q))).map(toEntry),
    auditEntryAt: (seq) => entryWhere('ar_at', 'WHERE a.seq = $1', [seq]),
    auditEntryById: (eventId) => entryWhere('ar_by_id', 'WHERE a.event_id = $1', [eventId]),
    auditHead: () => entryWhere('ar_head', 'ORDER BY a.seq DESC LIMIT 1', []),
    listAuditCheckpoints: async () =>
      (
        await all<CheckpointRow>(sql, {
          name: 'ar_checkpoints',
          text: 'SELECT n, up_to_seq, up_to_hash, created_at, prev_mac, mac FROM audit_checkpoints ORDER BY n',
        })
      ).map(toCheckpoint),
    appendAudit: async (drafts) => (drafts.length === 0 ? [] : append(drafts)),
    async appendAuditCheckpoint(c) {
      await sql({
        name: 'ar_checkpoint_insert',
        text: `INSERT INTO audit_checkpoints (n, up_to_seq, up_to_hash, created_at, prev_mac, mac)
          VALUES ($1, $2, $3, $4, $5, $6)`,
        values: [c.n, c.upToSeq, c.upToHash, c.createdAt, c.prevMac, c.mac],
      });
    },
    async probeAuditWritable() {
      // A standby in recovery, or a read-only default, would refuse the append.
      const r = await one<{ recovery: boolean; read_only: string }>(sql, {
        name: 'ar_probe',
        text: "SELECT pg_is_in_recovery() AS recovery, current_setting('transaction_read_only') AS read_only",
      });
      if (!r || r.recovery || r.read_only === 'on') throw new Error('the database is read-only');
    },
    countSecretsByRegion: () =>
      all<{ region: string; count: number }>(sql, {
        name: 'ar_by_region',
        text: 'SELECT region, count(*) AS count FROM secrets GROUP BY region ORDER BY region',
      }),
  };
}
