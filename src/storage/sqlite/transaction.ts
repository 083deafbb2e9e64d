import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database } from 'better-sqlite3';
import { Mutex } from '../../lib/mutex.js';
import type { Runner } from './sync.js';
import type { WalSync } from './wal-sync.js';

/** One open transaction; `open` goes false at COMMIT/ROLLBACK so a leaked `tx` cannot write later. */
export type TxToken = { open: boolean };

const settle = <R>(op: () => R): Promise<R> => {
  try {
    return Promise.resolve(op());
  } catch (e) {
    return Promise.reject(e);
  }
};

/**
 * Serialises access to the single better-sqlite3 connection.
 *
 * A transaction holds the connection across `await`s, so anything else issued on it meanwhile
 * would join the transaction: a reader could see writes that are later rolled back, and a
 * write (a new account key, say) would vanish with the rollback although it was acknowledged.
 * So while a transaction is open, calls from other async contexts wait for it to end; they then
 * run before the next queued transaction begins (they are synchronous, so they cannot starve
 * it), which keeps reads fast under write load. Calls made from inside the transaction body
 * itself (AsyncLocalStorage tells them apart) run at once as part of it, instead of
 * deadlocking on the mutex the body holds. With no transaction open, a call runs immediately:
 * the read path (GetSecretValue) never queues behind an idle mutex.
 *
 * Invariant for callers: a transaction body must not await real I/O (network, timers, KMS),
 * only store calls; every other store call in the process waits while it is open.
 */
export class TransactionGate {
  readonly #db: Database;
  readonly #mutex = new Mutex();
  readonly #context = new AsyncLocalStorage<TxToken>();
  #open: TxToken | undefined;
  /** Settles when the open transaction ends. */
  #ended: Promise<void> = Promise.resolve();

  readonly #wal: WalSync | undefined;

  /**
   * `wal`: group commit (wal-sync.ts) for a database file: transactions commit without an fsync
   * and are acknowledged after the shared WAL sync. Without it (in memory) they commit as the
   * connection is set up.
   */
  constructor(db: Database, wal?: WalSync) {
    this.#db = db;
    this.#wal = wal;
  }

  /** Runs a non-transactional operation at a point where it cannot observe or join a foreign transaction. */
  readonly run: Runner = (op) => {
    if (this.#open === undefined || this.#insideOpen()) return settle(op);
    return this.#afterOpen(op);
  };

  async #afterOpen<R>(op: () => R): Promise<R> {
    // A loop: the next queued transaction may have begun before this continuation ran.
    while (this.#open !== undefined && !this.#insideOpen()) await this.#ended;
    return op();
  }

  /** Runs `op` with the mutex held (no transaction open); for close(). */
  exclusive<R>(op: () => R): Promise<R> {
    if (this.#insideOpen()) return Promise.reject(new Error('cannot do this inside a transaction'));
    return this.#mutex.run(async () => op());
  }

  /** A runner for the methods of `tx`: valid only while its transaction is open. */
  runnerFor(token: TxToken): Runner {
    return (op) => (token.open ? settle(op) : Promise.reject(new Error('transaction already finished')));
  }

  async transaction<T>(body: (token: TxToken) => Promise<T>): Promise<T> {
    // Nesting would wait for the mutex its own outer transaction holds: fail loudly instead.
    if (this.#insideOpen()) throw new Error('nested transactions are not supported');
    const result = await this.#mutex.run(() => this.#runOpen(body));
    // Outside the mutex: the next transaction runs while this one's commit reaches the disk.
    await this.#wal?.sync();
    return result;
  }

  async #runOpen<T>(body: (token: TxToken) => Promise<T>): Promise<T> {
    const token: TxToken = { open: true };
    // SQLite refuses to change the safety level inside a transaction; nothing else commits on
    // this connection until the transaction ends (see run), so only this one is affected.
    if (this.#wal) this.#db.pragma('synchronous = NORMAL');
    try {
      this.#db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      this.#restoreSafety();
      throw e;
    }
    let end!: () => void;
    this.#ended = new Promise((resolve) => {
      end = resolve;
    });
    this.#open = token;
    try {
      const result = await this.#context.run(token, () => body(token));
      this.#db.exec('COMMIT');
      return result;
    } catch (e) {
      this.#rollback();
      throw e;
    } finally {
      this.#restoreSafety();
      token.open = false;
      this.#open = undefined;
      end();
    }
  }

  /** Back to synchronous=FULL for every statement that commits on its own. */
  #restoreSafety(): void {
    if (this.#wal && this.#db.open) this.#db.pragma('synchronous = FULL');
  }

  #rollback(): void {
    // SQLite may already have rolled back (e.g. on SQLITE_FULL); a failed ROLLBACK must not
    // hide the error that caused it.
    try {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    } catch {}
  }

  #insideOpen(): boolean {
    const open = this.#open;
    return open !== undefined && this.#context.getStore() === open;
  }
}
