import type { Database } from 'better-sqlite3';
import type { SecretTx, Store } from '../ports.js';
import { createCredentials } from './credentials.js';
import { createHousekeeping } from './housekeeping.js';
import { createKeys } from './keys.js';
import { createMeta } from './meta.js';
import { createSecretReads } from './secret-reads.js';
import { createSecretWrites } from './secret-writes.js';
import { lift } from './sync.js';
import { TransactionGate } from './transaction.js';

/**
 * The Store over one migrated better-sqlite3 connection (see open-sqlite.ts). Every statement
 * is prepared here, once; each call is routed through the TransactionGate.
 */
export function createSqliteStore(db: Database): Store {
  const gate = new TransactionGate(db);
  const reads = createSecretReads(db);
  const writes = createSecretWrites(db);
  const ping = db.prepare('SELECT 1');

  const txSync = {
    ...reads,
    ...writes,
    // The single writer already serialises every transaction: a re-read is the lock.
    lockSecret: reads.findById,
  };

  return {
    ...lift(reads, gate.run),
    ...lift(createKeys(db), gate.run),
    ...lift(createCredentials(db), gate.run),
    ...lift(createMeta(db), gate.run),
    ...lift(createHousekeeping(db), gate.run),
    ping: () => gate.run(() => void ping.get()),
    transaction: <T>(fn: (tx: SecretTx) => Promise<T>) =>
      gate.transaction((token) => fn(lift(txSync, gate.runnerFor(token)))),
    close: () =>
      gate.exclusive(() => {
        if (db.open) db.close();
      }),
  };
}
