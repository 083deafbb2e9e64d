import type { SecretScan, SecretScanPage, SortBy } from '../ports.js';
import { decodeCursor, encodeCursor } from '../sqlite/scan.js';
import { rowToSecret, SECRET_SELECT, type SecretRow } from '../sqlite/secret-rows.js';
import { all, type Sql } from './sql.js';

/**
 * ListSecrets' keyset-paginated scan, the PostgreSQL twin of sqlite/scan.ts: the same order,
 * the same cursor format (shared encode/decode), the same indexes (account, region, key, id).
 * Here the cursor condition is a row comparison `(key, id) > ($k, $i)`, which PostgreSQL seeks
 * on a multi-column index. Names and ids are COLLATE "C", so order and prefix ranges are
 * byte-wise, as on SQLite.
 */
type SortSpec = { expr: string; keyOf(r: SecretRow): string | number };

const SORTS: Record<SortBy, SortSpec> = {
  'created-date': { expr: 'created_at', keyOf: (r) => r.created_at },
  'last-changed-date': { expr: 'coalesce(last_changed_at, -1)', keyOf: (r) => r.last_changed_at ?? -1 },
  'last-accessed-date': { expr: 'coalesce(last_accessed_at, -1)', keyOf: (r) => r.last_accessed_at ?? -1 },
  name: { expr: 'name', keyOf: (r) => r.name },
};

/** The highest code point: in C collation every name starting with `p` sorts below p + U+10FFFF. */
const PREFIX_END = '\u{10FFFF}';

type Shape = { sortBy: SortBy; descending: boolean; includeDeleted: boolean; hasCursor: boolean; hasPrefix: boolean };

/** The statement for one shape of scan, with its parameters in order; exported for plan tests. */
export function scanQuery(
  shape: Shape,
  p: { account: string; region: string; prefix?: string; key?: string | number; id?: string; limit: number },
): { name: string; text: string; values: unknown[] } {
  const { expr } = SORTS[shape.sortBy];
  const dir = shape.descending ? 'DESC' : 'ASC';
  const values: unknown[] = [p.account, p.region];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where = ['account_id = $1', 'region = $2'];
  if (!shape.includeDeleted) where.push('deleted_at IS NULL');
  if (shape.hasPrefix) where.push(`name >= ${param(p.prefix)}`, `name < ${param(`${p.prefix}${PREFIX_END}`)}`);
  if (shape.hasCursor) where.push(`(${expr}, id) ${shape.descending ? '<' : '>'} (${param(p.key)}, ${param(p.id)})`);
  const text = `SELECT ${SECRET_SELECT} FROM secrets WHERE ${where.join(' AND ')}
    ORDER BY ${expr} ${dir}, id ${dir} LIMIT ${param(p.limit)}`;
  const name = `sr_scan_${shape.sortBy}_${dir}_${+shape.includeDeleted}${+shape.hasCursor}${+shape.hasPrefix}`;
  return { name, text, values };
}

export function createScan(sql: Sql): (q: SecretScan) => Promise<SecretScanPage> {
  return async (q) => {
    if (!Number.isInteger(q.limit) || q.limit < 1) throw new RangeError('scan limit must be a positive integer');
    const cursor = q.after === undefined ? undefined : decodeCursor(q.after, q.sortBy, q.descending);
    const prefix = q.namePrefix ? q.namePrefix : undefined;
    const shape: Shape = {
      sortBy: q.sortBy,
      descending: q.descending,
      includeDeleted: q.includeDeleted,
      hasCursor: cursor !== undefined,
      hasPrefix: prefix !== undefined,
    };
    // One row past the page tells whether another page follows, so a cursor means "more rows".
    const query = scanQuery(shape, {
      account: q.accountId,
      region: q.region,
      prefix,
      key: cursor?.k,
      id: cursor?.i,
      limit: q.limit + 1,
    });
    const rows = await all<SecretRow>(sql, query);
    const more = rows.length > q.limit;
    const page = more ? rows.slice(0, q.limit) : rows;
    const last = page[page.length - 1];
    const result: SecretScanPage = { secrets: page.map(rowToSecret) };
    if (more && last) {
      result.cursor = encodeCursor({
        s: q.sortBy,
        d: q.descending ? 1 : 0,
        k: SORTS[q.sortBy].keyOf(last),
        i: last.id,
      });
    }
    return result;
  };
}
