import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { Errors } from '../../domain/errors.js';
import { toStoreError } from './errors.js';
import { KeyedLocks } from './keyed-locks.js';
import { OpenTx } from './open-tx.js';
import type { Query, Sql } from './sql.js';

/** Runs statements as one atomic unit, ordered with other writers of `secretId` (see PgTransactions.atomic). */
export type Atomic = <T>(fn: (sql: Sql) => Promise<T>, secretId?: string) => Promise<T>;

/**
 * Transactions and the routing of statements for the PostgreSQL store.
 *
 * - Each transaction runs BEGIN … COMMIT/ROLLBACK on a connection of its own from the pool
 *   (open-tx.ts); reads outside transactions use the pool directly, so they never wait for
 *   writers.
 * - Store calls made from inside a transaction body (AsyncLocalStorage tells them apart) run
 *   on the body's connection, as on SQLite: they see its writes, and a pool full of open
 *   transactions cannot deadlock on a body that asks the pool for one more connection.
 * - A statement that fails inside a transaction aborts it in PostgreSQL; COMMIT would then
 *   quietly roll back. So the first failure is remembered and the transaction rejects with it
 *   even if the body caught it and returned normally: nothing is ever half-committed.
 * - lockSecret takes an in-process FIFO lock on the secret before SELECT … FOR UPDATE, queued
 *   at the call. Bodies start synchronously, in the order transaction() was called, so writers
 *   of one secret in this process are served in call order, waiting in process (without a
 *   connection) rather than each parked on the row lock. Across nodes the row lock alone
 *   serialises them. Only a transaction's first lockSecret takes the in-process lock, so two
 *   transactions locking two secrets in opposite orders meet in the database, whose deadlock
 *   detector (or statement_timeout) ends the wait: in-process waits cannot form a cycle.
 * - close() refuses new calls, waits for those in flight, then ends the pool.
 */
export class PgTransactions {
  readonly #pool: pg.Pool;
  readonly #context = new AsyncLocalStorage<OpenTx>();
  readonly #locks = new KeyedLocks();
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #lockWaitMs: number;
  readonly #origin: string;
  #closing: Promise<void> | undefined;

  /** `origin` names this store in the change notices its transactions send (notify-changes.ts). */
  constructor(pool: pg.Pool, lockWaitMs: number, origin: string) {
    this.#pool = pool;
    this.#lockWaitMs = lockWaitMs;
    this.#origin = origin;
  }

  /** Where a store call's statements go: the caller's open transaction, else the pool. */
  readonly sql: Sql = <R extends pg.QueryResultRow>(q: Query) => {
    const tx = this.#current();
    return tx ? tx.sql<R>(q) : this.#poolQuery<R>(q);
  };

  async #poolQuery<R extends pg.QueryResultRow>(q: Query): Promise<pg.QueryResult<R>> {
    try {
      return await this.#pool.query<R>(q);
    } catch (e) {
      throw toStoreError(e);
    }
  }

  /** Runs a store call unless the store is closed, so that close() can wait for it. */
  track<T>(op: () => Promise<T>): Promise<T> {
    if (this.#closing && !this.#current()) return Promise.reject(new Error('store is closed'));
    const p = op();
    this.#inflight.add(p);
    const done = () => this.#inflight.delete(p);
    p.then(done, done);
    return p;
  }

  transaction<T>(body: (tx: OpenTx) => Promise<T>): Promise<T> {
    // A nested transaction would wait for a lock its own outer transaction holds: fail loudly.
    if (this.#current()) return Promise.reject(new Error('nested transactions are not supported'));
    return this.track(() => this.#run(body));
  }

  /**
   * Runs several statements as one unit: as part of the caller's transaction when called from a
   * body, else in a short transaction of their own (for ports whose methods are atomic alone).
   * Given the secret it writes, it first takes that secret's in-process lock, as lockSecret does.
   */
  readonly atomic: Atomic = <T>(fn: (sql: Sql) => Promise<T>, secretId?: string): Promise<T> => {
    const tx = this.#current();
    if (tx) return fn(tx.sql);
    return this.#run(async (open) => {
      // Like lockSecret: same-secret writers of this node go in call order.
      if (secretId !== undefined) await this.#waitForSecret(open, secretId);
      return fn(open.sql);
    });
  };

  /**
   * SELECT … FOR UPDATE, after the in-process lock for the transaction's first locked secret.
   * The in-process wait is bounded like the database's own lock wait (statement_timeout): past
   * it the caller gets ServiceUnavailable, and the queued lock is released once granted.
   */
  async lockSecret<T>(tx: OpenTx, secretId: string, lockRow: () => Promise<T>): Promise<T> {
    await this.#waitForSecret(tx, secretId);
    return lockRow();
  }

  /** The in-process lock: queued synchronously, at the call, so bodies started in order lock in order. */
  async #waitForSecret(tx: OpenTx, secretId: string): Promise<void> {
    tx.keyLock ??= this.#locks.acquire(secretId);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Errors.unavailable()), this.#lockWaitMs);
    });
    try {
      await Promise.race([tx.keyLock, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): Promise<void> {
    if (this.#current()) return Promise.reject(new Error('cannot do this inside a transaction'));
    this.#closing ??= (async () => {
      while (this.#inflight.size > 0) await Promise.allSettled([...this.#inflight]);
      await this.#pool.end();
    })();
    return this.#closing;
  }

  #current(): OpenTx | undefined {
    const tx = this.#context.getStore();
    return tx?.open ? tx : undefined;
  }

  async #run<T>(body: (tx: OpenTx) => Promise<T>): Promise<T> {
    const tx = new OpenTx(this.#pool, this.#origin);
    try {
      // The body starts now, synchronously: bodies start in the order transactions were asked for.
      const result = await this.#context.run(tx, () => body(tx));
      await tx.commit();
      return result;
    } catch (e) {
      await tx.rollback();
      throw e;
    } finally {
      tx.release();
    }
  }
}
