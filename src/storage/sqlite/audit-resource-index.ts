import type { Database, Transaction } from 'better-sqlite3';
import type { AuditResource } from '../audit-ports.js';

/**
 * The ResourceName index of the audit trail, built behind the appends in runs (migration 8).
 *
 * Each record carries its resources in its own row (`audit_records.resources`, JSON pairs
 * [type, name]); that column is what an entry reports and what `audit verify` compares with the
 * record. The lookup index over it used to be one table keyed by (name, seq): every record then
 * inserted into the middle of the tree, one page per secret name, which was about a third of the
 * audit writer's work and grew with the number of secrets. Now the writer thread indexes the
 * records in runs of up to 1,024, and rows are keyed (run, name, seq, type): a run's rows sort
 * after every earlier run's, so indexing one is a sequence of appends at the end of the tree,
 * whatever the number of names. A lookup seeks the name once per run (`audit_resource_runs`).
 *
 * Records above the last run's `last_seq` (the tail) are matched through their column, so every
 * query sees every record whatever the index's lag. A run's rows and its `audit_resource_runs`
 * row commit together. `verify` checks the index against the columns (`indexMismatch`).
 */
export const AUDIT_RESOURCE_INDEX_SCHEMA = `
ALTER TABLE audit_records ADD COLUMN resources TEXT;
CREATE INDEX audit_resources_by_seq ON audit_resources (seq);
UPDATE audit_records SET resources = (
  SELECT json_group_array(json_array(r.type, r.name))
  FROM (SELECT type, name FROM audit_resources WHERE seq = audit_records.seq ORDER BY type, name) r
);
CREATE TABLE audit_resource_runs (
  run INTEGER PRIMARY KEY,
  last_seq INTEGER NOT NULL UNIQUE
);
CREATE TABLE audit_resource_index (
  run INTEGER NOT NULL,
  name TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  PRIMARY KEY (run, name, seq, type)
) WITHOUT ROWID;
INSERT INTO audit_resource_runs (run, last_seq) SELECT 1, max(seq) FROM audit_records HAVING count(*) > 0;
INSERT INTO audit_resource_index (run, name, seq, type)
  SELECT 1, name, seq, type FROM audit_resources WHERE EXISTS (SELECT 1 FROM audit_resource_runs);
DROP TABLE audit_resources;
`;

/** Records per run: the most a query scans through their column before they are indexed. */
export const RUN_SIZE = 1024;

/** A row read with the column (JSON [type, name] pairs). */
export type WithResources<R> = R & { resources: string | null };

/** The column's text for a record's resources. */
export const resourcesColumn = (resources: readonly AuditResource[]): string =>
  JSON.stringify(resources.map((r) => [r.type, r.name]));

export const resourcesOf = (text: string | null): AuditResource[] =>
  text === null ? [] : (JSON.parse(text) as [string, string][]).map(([type, name]) => ({ type, name }));

const INDEXED_UP_TO = '(SELECT coalesce(max(last_seq), 0) FROM audit_resource_runs)';

/** LookupEvents conditions on audit_records `a`: the runs, or the tail's own column. */
export const RESOURCE_NAME_SQL = `(a.seq IN (SELECT i.seq FROM audit_resource_runs u
               JOIN audit_resource_index i ON i.run = u.run AND i.name = @value)
  OR a.seq IN (SELECT t.seq FROM audit_records t, json_each(t.resources) j
               WHERE t.seq > ${INDEXED_UP_TO} AND j.value ->> 1 = @value))`;
/** Every resource is of one type today: matched on the column, no index. */
export const RESOURCE_TYPE_SQL = 'EXISTS (SELECT 1 FROM json_each(a.resources) j WHERE j.value ->> 0 = @value)';

/**
 * The first indexed record whose index rows differ from its column (a row removed, added,
 * changed or moved to another run); undefined when they agree.
 */
const MISMATCH_SQL = `SELECT min(seq) AS seq FROM (
  SELECT i.seq FROM audit_resource_index i
  WHERE NOT EXISTS (SELECT 1 FROM audit_records a, json_each(a.resources) j
                    WHERE a.seq = i.seq AND j.value ->> 0 = i.type AND j.value ->> 1 = i.name)
  UNION ALL
  SELECT a.seq FROM audit_records a, json_each(a.resources) j
  WHERE a.seq <= ${INDEXED_UP_TO}
    AND NOT EXISTS (SELECT 1 FROM audit_resource_index i
                    WHERE i.run = (SELECT u.run FROM audit_resource_runs u WHERE u.last_seq >= a.seq
                                   ORDER BY u.last_seq LIMIT 1)
                      AND i.name = j.value ->> 1 AND i.seq = a.seq AND i.type = j.value ->> 0)
)`;

export type ResourceIndex = {
  /**
   * Indexes up to `limit` records of the tail as one run, in one transaction (a savepoint
   * inside another); returns how many.
   */
  indexTail: Transaction<(limit: number) => number>;
  indexMismatch(): number | undefined;
  /** Records not yet in a run. */
  tailLength(): number;
};

type TailRow = { seq: number; resources: string | null };

export function createResourceIndex(db: Database): ResourceIndex {
  const last = db.prepare<[], { run: number | null; up_to: number | null }>(
    'SELECT max(run) AS run, max(last_seq) AS up_to FROM audit_resource_runs',
  );
  const tail = db.prepare<[number, number], TailRow>(
    'SELECT seq, resources FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const insert = db.prepare<[number, string, number, string]>(
    'INSERT OR IGNORE INTO audit_resource_index (run, name, seq, type) VALUES (?, ?, ?, ?)',
  );
  const addRun = db.prepare<[number, number]>('INSERT INTO audit_resource_runs (run, last_seq) VALUES (?, ?)');
  const mismatch = db.prepare<[], { seq: number | null }>(MISMATCH_SQL);
  // Appends number records head + 1, head + 2, ...: the tail's length is a difference of two maxima.
  const tailLength = db.prepare<[], { n: number }>(
    `SELECT (SELECT coalesce(max(seq), 0) FROM audit_records) - ${INDEXED_UP_TO} AS n`,
  );

  return {
    indexTail: db.transaction((limit: number): number => {
      const at = last.get();
      const rows = tail.all(at?.up_to ?? 0, limit);
      if (rows.length === 0) return 0;
      const run = (at?.run ?? 0) + 1;
      const pairs: [string, number, string][] = [];
      for (const r of rows) for (const { type, name } of resourcesOf(r.resources)) pairs.push([name, r.seq, type]);
      // In key order, so that every insert lands at the end of the tree.
      pairs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || (x[2] < y[2] ? -1 : 1)));
      for (const [name, seq, type] of pairs) insert.run(run, name, seq, type);
      addRun.run(run, rows.at(-1)!.seq);
      return rows.length;
    }),
    indexMismatch: () => mismatch.get()?.seq ?? undefined,
    tailLength: () => tailLength.get()?.n ?? 0,
  };
}
