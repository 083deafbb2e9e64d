import type pg from 'pg';
import { isUnavailable, toStoreError } from './errors.js';
import { PendingNotices } from './notify-changes.js';
import type { Query, Sql } from './sql.js';

/**
 * One transaction. Its connection is taken from the pool, and BEGIN sent, at its first
 * statement: a body that first waits for another writer of the same secret (the in-process
 * lock in transaction.ts) holds neither a connection nor an open server transaction meanwhile.
 */
export class OpenTx {
  open = true;
  /** The first failed statement: PostgreSQL has aborted the transaction, so it cannot commit. */
  failure: unknown;
  /** Set when the connection itself failed: it is discarded instead of returned to the pool. */
  broken: unknown;
  /** The in-process lock on the first secret this transaction locked (see PgTransactions.lockSecret). */
  keyLock: Promise<() => void> | undefined;
  /** The secrets this transaction changed: other nodes are told at commit (notify-changes.ts). */
  readonly notices = new PendingNotices();
  readonly #pool: pg.Pool;
  readonly #origin: string;
  /** Settles once the connection is taken and BEGIN answered (or either failed). */
  #ready: Promise<pg.PoolClient> | undefined;
  #client: pg.PoolClient | undefined;

  constructor(pool: pg.Pool, origin: string) {
    this.#pool = pool;
    this.#origin = origin;
  }

  /** A checked-out client whose socket dies emits 'error'; without a listener Node would exit. */
  readonly #onError = (e: Error): void => {
    this.broken ??= e;
  };

  #connection(): Promise<pg.PoolClient> {
    this.#ready ??= (async () => {
      const client = await this.#pool.connect();
      client.on('error', this.#onError);
      this.#client = client;
      await client.query('BEGIN');
      return client;
    })();
    return this.#ready;
  }

  readonly sql: Sql = async <R extends pg.QueryResultRow>(q: Query) => {
    if (!this.open) throw new Error('transaction already finished');
    try {
      return await (await this.#connection()).query<R>(q);
    } catch (e) {
      if (isUnavailable(e)) this.broken ??= e;
      const mapped = toStoreError(e);
      this.failure ??= mapped;
      throw mapped;
    }
  };

  /**
   * COMMIT, unless a statement failed (then that failure is the outcome) or none ever ran. The
   * change notices go out just before, inside the transaction: delivered only if it commits.
   */
  async commit(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.#ready === undefined) return;
    const notify = this.notices.statement(this.#origin);
    if (notify) await this.sql(notify);
    const done = await this.sql({ text: 'COMMIT' });
    // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK, not with an error.
    if (done.command !== 'COMMIT') throw new Error('the transaction was rolled back by the database');
  }

  async rollback(): Promise<void> {
    await this.#ready?.catch(() => {});
    if (this.#client === undefined || this.broken !== undefined) return;
    await this.#client.query('ROLLBACK').catch((e: unknown) => {
      this.broken = e;
    });
  }

  /** Ends the transaction's life: its `tx` refuses further calls and its connection goes back. */
  release(): void {
    this.open = false;
    this.keyLock?.then((unlock) => unlock());
    const client = this.#client;
    if (!client) return;
    client.removeListener('error', this.#onError);
    client.release(this.broken === undefined ? undefined : true);
  }
}
