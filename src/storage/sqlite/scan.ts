import type { Database, Statement } from 'better-sqlite3';
import type { SecretScan, SecretScanPage, SortBy } from '../ports.js';
import { rowToSecret, SECRET_SELECT, type SecretRow } from './secret-rows.js';

/**
 * Keyset pagination over secrets. Each sort order has an index on (account_id, region, key, id)
 * (see migrations.ts); the cursor is the last row's (key, id), so every page is an index seek,
 * never an OFFSET. Nullable keys use coalesce(col, -1): NULLs sort first ascending and last
 * descending, and row-value comparisons need no NULL cases.
 */
type SortSpec = { expr: string; keyOf(r: SecretRow): string | number; keyType: 'string' | 'number' };

const SORTS: Record<SortBy, SortSpec> = {
  'created-date': { expr: 'created_at', keyOf: (r) => r.created_at, keyType: 'number' },
  'last-changed-date': {
    expr: 'coalesce(last_changed_at, -1)',
    keyOf: (r) => r.last_changed_at ?? -1,
    keyType: 'number',
  },
  'last-accessed-date': {
    expr: 'coalesce(last_accessed_at, -1)',
    keyOf: (r) => r.last_accessed_at ?? -1,
    keyType: 'number',
  },
  name: { expr: 'name', keyOf: (r) => r.name, keyType: 'string' },
};

/** Cursor payload: sort order and direction (a cursor only continues the scan that made it), key, id. */
type Cursor = { s: SortBy; d: 0 | 1; k: string | number; i: string };

export const INVALID_CURSOR = 'invalid cursor';

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(token: string, sortBy: SortBy, descending: boolean): Cursor {
  const fail = () => new Error(INVALID_CURSOR);
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw fail();
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (!isCursor(c) || c.s !== sortBy || c.d !== (descending ? 1 : 0)) throw fail();
  if (typeof c.k !== SORTS[sortBy].keyType || (typeof c.k === 'number' && !Number.isSafeInteger(c.k))) throw fail();
  return c;
}

function isCursor(c: unknown): c is Cursor {
  if (typeof c !== 'object' || c === null) return false;
  const o = c as Record<string, unknown>;
  return typeof o.s === 'string' && o.s in SORTS && (o.d === 0 || o.d === 1) && typeof o.i === 'string' && 'k' in o;
}

/** The highest code point: every name starting with `p` (names are ASCII) sorts below p + U+10FFFF. */
const PREFIX_END = '\u{10FFFF}';

export type ScanShape = {
  sortBy: SortBy;
  descending: boolean;
  includeDeleted: boolean;
  hasCursor: boolean;
  hasPrefix: boolean;
};

/** The SQL for one shape of scan; exported for the query-plan tests. */
export function scanSql(q: ScanShape): string {
  const { expr } = SORTS[q.sortBy];
  const dir = q.descending ? 'DESC' : 'ASC';
  const where = ['account_id = @account', 'region = @region'];
  if (!q.includeDeleted) where.push('deleted_at IS NULL');
  // A byte-wise range (not LIKE, which is case-insensitive in SQLite) so the name index applies.
  if (q.hasPrefix) where.push('name >= @prefix', 'name < @prefixEnd');
  if (q.hasCursor) {
    // Spelled out rather than as a row value `(key, id) > (?, ?)`: SQLite cannot seek an
    // expression index with a row value, but it can with `key >= ?`.
    const [cmp, cmpEq] = q.descending ? ['<', '<='] : ['>', '>='];
    where.push(`${expr} ${cmpEq} @key`, `(${expr} ${cmp} @key OR id ${cmp} @id)`);
  }
  return `SELECT ${SECRET_SELECT} FROM secrets WHERE ${where.join(' AND ')}
    ORDER BY ${expr} ${dir}, id ${dir} LIMIT @limit`;
}

type ScanParams = {
  account: string;
  region: string;
  prefix?: string;
  prefixEnd?: string;
  key?: string | number;
  id?: string;
  limit: number;
};

export function createScan(db: Database): (q: SecretScan) => SecretScanPage {
  // At most 4 sorts × 2 directions × 2³ flags statements, each prepared on first use.
  const cache = new Map<string, Statement<ScanParams, SecretRow>>();
  const statement = (shape: ScanShape) => {
    const key = JSON.stringify(shape);
    let st = cache.get(key);
    if (!st) {
      st = db.prepare<ScanParams, SecretRow>(scanSql(shape));
      cache.set(key, st);
    }
    return st;
  };

  return (q) => {
    if (!Number.isInteger(q.limit) || q.limit < 1) throw new RangeError('scan limit must be a positive integer');
    const cursor = q.after === undefined ? undefined : decodeCursor(q.after, q.sortBy, q.descending);
    const prefix = q.namePrefix ? q.namePrefix : undefined;
    const params: ScanParams = { account: q.accountId, region: q.region, limit: q.limit + 1 };
    if (prefix !== undefined) Object.assign(params, { prefix, prefixEnd: prefix + PREFIX_END });
    if (cursor) Object.assign(params, { key: cursor.k, id: cursor.i });
    const shape = {
      sortBy: q.sortBy,
      descending: q.descending,
      includeDeleted: q.includeDeleted,
      hasCursor: cursor !== undefined,
      hasPrefix: prefix !== undefined,
    };
    // One row past the page tells whether another page follows, so a cursor means "more rows".
    const rows = statement(shape).all(params);
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
