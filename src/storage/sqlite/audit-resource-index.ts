import type { Database, Transaction } from 'better-sqlite3';
import type { AuditResource } from '../audit-ports.js';

/**
 * The ResourceName index of the audit trail, filled behind the appends (migration 8).
 *
 * Each record carries its resources in its own row (`audit_records.resources`, JSON pairs
 * [type, name]); `audit_resources` (PRIMARY KEY name, seq, type) is the lookup index over them.
 * Written with every append, that index cost about half of the writer thread's time: its rows
 * are ordered by secret name, so each record dirtied one B-tree page per name, while everything
 * else a record writes lands at the end of its table. Indexed later, a thousand records at a
 * time in name order, a page takes many entries per write.
 *
 * `audit_resource_index.up_to_seq` says how far the index goes; it moves in the same
 * transaction as the rows it covers. Records above it (the tail) are matched through their
 * column instead, so every query sees every record whatever the index's lag. What a reader
 * reports as a record's resources is the index for indexed records and the column for the
 * tail: both are what queries use, and `audit verify` checks both against the record.
 */
export const AUDIT_RESOURCE_INDEX_SCHEMA = `
ALTER TABLE audit_records ADD COLUMN resources TEXT;
CREATE TABLE audit_resource_index (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  up_to_seq INTEGER NOT NULL
);
INSERT INTO audit_resource_index (id, up_to_seq) SELECT 1, coalesce(max(seq), 0) FROM audit_records;
`;

/** A row read with the column: JSON [type, name] pairs, null on records older than migration 8. */
export type WithResources<R> = R & { resources: string | null };

/** The column's text for a record's resources. */
export const resourcesColumn = (resources: readonly AuditResource[]): string =>
  JSON.stringify(resources.map((r) => [r.type, r.name]));

const fromColumn = (text: string): AuditResource[] =>
  (JSON.parse(text) as [string, string][]).map(([type, name]) => ({ type, name }));

const UP_TO = '(SELECT up_to_seq FROM audit_resource_index)';

/** LookupEvents conditions on audit_records `a`: the index, or the tail's own column. */
export const RESOURCE_NAME_SQL = `(a.seq IN (SELECT r.seq FROM audit_resources r WHERE r.name = @value)
  OR a.seq IN (SELECT t.seq FROM audit_records t, json_each(t.resources) j
               WHERE t.seq > ${UP_TO} AND j.value ->> 1 = @value))`;
export const RESOURCE_TYPE_SQL = `(EXISTS (SELECT 1 FROM audit_resources r WHERE r.seq = a.seq AND r.type = @value)
  OR (a.seq > ${UP_TO} AND EXISTS (SELECT 1 FROM json_each(a.resources) j WHERE j.value ->> 0 = @value)))`;

export type ResourceIndex = {
  /** The resources of each row, in order; read the rows first (see resolve). */
  resourcesOf(rows: readonly { seq: number; resources: string | null }[]): AuditResource[][];
  /**
   * Indexes up to `limit` records of the tail, oldest first, in one transaction (a savepoint
   * inside another); returns how many.
   */
  indexTail: Transaction<(limit: number) => number>;
  /** How many records wait to be indexed. */
  tailLength(): number;
};

type TailRow = { seq: number; resources: string | null };

export function createResourceIndex(db: Database): ResourceIndex {
  const upTo = db.prepare<[], { up_to_seq: number }>('SELECT up_to_seq FROM audit_resource_index');
  const indexed = db.prepare<[number], AuditResource>(
    'SELECT type, name FROM audit_resources WHERE seq = ? ORDER BY type, name',
  );
  const tail = db.prepare<[number, number], TailRow>(
    'SELECT seq, resources FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const tailLength = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM audit_records WHERE seq > ${UP_TO}`);
  const insert = db.prepare<[number, string, string]>(
    'INSERT OR IGNORE INTO audit_resources (seq, type, name) VALUES (?, ?, ?)',
  );
  const advance = db.prepare<[number]>('UPDATE audit_resource_index SET up_to_seq = ? WHERE id = 1');

  return {
    // The mark is read after the rows: a record the index covered by then has its index rows
    // committed (they move together); a record indexed since is read from its column, which
    // says the same. Either way each record reads whole.
    resourcesOf(rows) {
      if (rows.length === 0) return [];
      const mark = upTo.get()?.up_to_seq ?? 0;
      return rows.map((r) => (r.seq > mark && r.resources !== null ? fromColumn(r.resources) : indexed.all(r.seq)));
    },
    indexTail: db.transaction((limit: number): number => {
      const mark = upTo.get()?.up_to_seq ?? 0;
      const rows = tail.all(mark, limit);
      if (rows.length === 0) return 0;
      const pairs: [number, string, string][] = [];
      for (const r of rows) {
        for (const { type, name } of r.resources === null ? [] : fromColumn(r.resources))
          pairs.push([r.seq, type, name]);
      }
      // In key order: consecutive inserts land on the same leaf page.
      pairs.sort((x, y) => (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : x[0] - y[0]));
      for (const [seq, type, name] of pairs) insert.run(seq, type, name);
      advance.run(rows.at(-1)!.seq);
      return rows.length;
    }),
    tailLength: () => tailLength.get()?.n ?? 0,
  };
}
