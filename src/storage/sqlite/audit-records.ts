import type { Database, Statement } from 'better-sqlite3';
import {
  type AuditCheckpoint,
  type AuditDraft,
  type AuditEntry,
  type AuditQuery,
  type AuditReads,
  type AuditWrites,
  GENESIS_HASH,
  linkEntry,
} from '../audit-ports.js';
import {
  createResourceIndex,
  RESOURCE_NAME_SQL,
  RESOURCE_TYPE_SQL,
  RUN_SIZE,
  resourcesColumn,
  resourcesOf,
  type WithResources,
} from './audit-resource-index.js';
import { AUDIT_COLUMNS, auditSelect, entryToRow, rowToEntry, type AuditRow as SharedRow } from './audit-rows.js';
import type { Sync } from './sync.js';

type RecordReads = Omit<AuditReads, 'listAuditSubscriptions' | 'auditIndexMismatch'>;
type RecordWrites = Pick<
  AuditWrites,
  'appendAudit' | 'appendAuditCheckpoint' | 'probeAuditWritable' | 'countSecretsByRegion'
>;

/** SQLite's audit_records row: the shared columns plus the resources column (migration 8). */
type AuditRow = WithResources<SharedRow>;
const COLUMNS = [...AUDIT_COLUMNS, 'resources'].join(', ');

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

/** Each LookupEvents attribute as a condition on audit_records `a` (resources via their table). */
const ATTRIBUTE_SQL: Record<NonNullable<AuditQuery['attribute']>['key'], string> = {
  EventId: 'a.event_id = @value',
  EventName: 'a.event_name = @value',
  ReadOnly: 'a.read_only = @value',
  Username: 'a.username = @value',
  AccessKeyId: 'a.access_key_id = @value',
  EventSource: 'a.event_source = @value',
  ResourceName: RESOURCE_NAME_SQL,
  ResourceType: RESOURCE_TYPE_SQL,
};

/** The SQL for one shape of query (exported for query-plan tests). */
export function auditQuerySql(q: AuditQuery): string {
  const where: string[] = [];
  if (q.accountId !== undefined) where.push('a.account_id = @account');
  if (q.region !== undefined) where.push('a.region = @region');
  if (q.attribute) where.push(ATTRIBUTE_SQL[q.attribute.key]);
  if (q.startTime !== undefined) where.push('a.event_time >= @start');
  if (q.endTime !== undefined) where.push('a.event_time <= @end');
  if (q.beforeSeq !== undefined) where.push('a.seq < @before');
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return `SELECT ${auditSelect('a')}, a.resources FROM audit_records a ${filter} ORDER BY a.seq DESC LIMIT @limit`;
}

export type AuditRecordsOptions = {
  /**
   * 'inline' (default): an append that leaves a full run of records unindexed indexes it in the
   * same transaction (a savepoint whose failure does not fail the append). 'behind': appends leave that to `indexResources` (the writer thread calls it
   * after replying).
   */
  resourceIndex?: 'inline' | 'behind';
};

/** Audit records and checkpoints (migration 3). Appends are the chain's single point of truth. */
export function createAuditRecords(
  db: Database,
  o: AuditRecordsOptions = {},
): Sync<RecordReads & RecordWrites> & {
  indexResources(limit: number): number;
  auditIndexMismatch(): number | undefined;
} {
  const index = createResourceIndex(db);
  const inline = (o.resourceIndex ?? 'inline') === 'inline';
  const head = db.prepare<[], AuditRow>(`SELECT ${COLUMNS} FROM audit_records ORDER BY seq DESC LIMIT 1`);
  const at = db.prepare<[number], AuditRow>(`SELECT ${COLUMNS} FROM audit_records WHERE seq = ?`);
  const byId = db.prepare<[string], AuditRow>(`SELECT ${COLUMNS} FROM audit_records WHERE event_id = ?`);
  const after = db.prepare<[number, number], AuditRow>(
    `SELECT ${COLUMNS} FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const insert = db.prepare<AuditRow>(
    `INSERT INTO audit_records (${COLUMNS}) VALUES (${[...AUDIT_COLUMNS, 'resources'].map((c) => `@${c}`).join(', ')})`,
  );
  // A subscription deleted meanwhile must not fail the append (and with it the request).
  const insertOutbox = db.prepare<[string, number, number, string]>(
    `INSERT INTO audit_outbox (subscription_id, seq, next_attempt_at)
     SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM audit_subscriptions WHERE id = ?)`,
  );
  const insertCheckpoint = db.prepare<CheckpointRow>(
    `INSERT INTO audit_checkpoints (n, up_to_seq, up_to_hash, created_at, prev_mac, mac)
     VALUES (@n, @up_to_seq, @up_to_hash, @created_at, @prev_mac, @mac)`,
  );
  const checkpoints = db.prepare<[], CheckpointRow>('SELECT * FROM audit_checkpoints ORDER BY n');
  const perRegion = db.prepare<[], { region: string; count: number }>(
    'SELECT region, count(*) AS count FROM secrets GROUP BY region ORDER BY region',
  );
  const queries = new Map<string, Statement<Record<string, unknown>, AuditRow>>();

  const entries = (rows: AuditRow[]): AuditEntry[] => rows.map((r) => rowToEntry(r, resourcesOf(r.resources)));
  const entry = (r: AuditRow | undefined): AuditEntry | undefined =>
    r ? rowToEntry(r, resourcesOf(r.resources)) : undefined;

  const append = db.transaction((drafts: readonly AuditDraft[]): AuditEntry[] => {
    const last = head.get();
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    let prevEventId = last?.event_id ?? '';
    const out: AuditEntry[] = [];
    for (const d of drafts) {
      seq += 1;
      const e = linkEntry(d, seq, prevEventId, prevHash);
      insert.run({ ...entryToRow(e), resources: resourcesColumn(d.keys.resources) });
      for (const sub of d.deliverTo) insertOutbox.run(sub, seq, d.eventTime, sub);
      out.push(e);
      prevHash = e.hash;
      prevEventId = d.eventId;
    }
    if (inline && index.tailLength() >= RUN_SIZE) {
      // A savepoint: if indexing fails, only it rolls back; the records commit and the next
      // append tries the run again (queries read the tail through its column meanwhile).
      try {
        index.indexTail(RUN_SIZE);
      } catch {}
    }
    return out;
  });

  return {
    readAudit: (afterSeq, limit) => entries(after.all(afterSeq, limit)),
    queryAudit(q) {
      const sql = auditQuerySql(q);
      let stmt = queries.get(sql);
      if (!stmt) {
        stmt = db.prepare<Record<string, unknown>, AuditRow>(sql);
        queries.set(sql, stmt);
      }
      const value = q.attribute?.key === 'ReadOnly' ? (q.attribute.value === 'true' ? 1 : 0) : q.attribute?.value;
      const params: Record<string, unknown> = { limit: q.limit };
      if (q.accountId !== undefined) params.account = q.accountId;
      if (q.region !== undefined) params.region = q.region;
      if (q.attribute) params.value = value;
      if (q.startTime !== undefined) params.start = q.startTime;
      if (q.endTime !== undefined) params.end = q.endTime;
      if (q.beforeSeq !== undefined) params.before = q.beforeSeq;
      return entries(stmt.all(params));
    },
    auditEntryAt: (seq) => entry(at.get(seq)),
    auditEntryById: (eventId) => entry(byId.get(eventId)),
    auditHead: () => entry(head.get()),
    listAuditCheckpoints: () => checkpoints.all().map(toCheckpoint),
    // IMMEDIATE: take the write lock first, so two connections cannot both read the same head.
    appendAudit: (drafts) => (drafts.length === 0 ? [] : append.immediate(drafts)),
    appendAuditCheckpoint(c) {
      insertCheckpoint.run({
        n: c.n,
        up_to_seq: c.upToSeq,
        up_to_hash: c.upToHash,
        created_at: c.createdAt,
        prev_mac: c.prevMac,
        mac: c.mac,
      });
    },
    probeAuditWritable() {
      // Taking the write lock fails on a read-only file or a stuck lock. The wait is kept short:
      // this runs on the event loop, and the writer thread holds the lock during its commits.
      const wait = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma('busy_timeout = 250');
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('ROLLBACK');
      } finally {
        db.pragma(`busy_timeout = ${wait}`);
      }
    },
    countSecretsByRegion: () => perRegion.all(),
    // A full run or nothing: small runs would cost every later lookup a seek each.
    indexResources: (limit) => (index.tailLength() >= limit ? index.indexTail.immediate(limit) : 0),
    auditIndexMismatch: () => index.indexMismatch(),
  };
}
