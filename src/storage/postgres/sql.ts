import type pg from 'pg';

/** One statement. A `name` makes pg prepare it once per connection and reuse the plan. */
export type Query = { name?: string; text: string; values?: unknown[] };

/**
 * Runs one statement somewhere: on the pool, or on the connection of an open transaction
 * (transaction.ts decides). Every part of the store is written against this, so the same
 * code serves reads outside transactions and reads and writes inside them. Errors arrive
 * already mapped by errors.ts.
 */
export type Sql = <R extends pg.QueryResultRow = pg.QueryResultRow>(q: Query) => Promise<pg.QueryResult<R>>;

/** The first row, or undefined. */
export async function one<R extends pg.QueryResultRow>(sql: Sql, q: Query): Promise<R | undefined> {
  return (await sql<R>(q)).rows[0];
}

/** Every row. */
export async function all<R extends pg.QueryResultRow>(sql: Sql, q: Query): Promise<R[]> {
  return (await sql<R>(q)).rows;
}
