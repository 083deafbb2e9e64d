import type { Database } from 'better-sqlite3';
import type { SecretTx, Store } from '../ports.js';
import { createSqliteAudit } from './audit-store.js';
import { createCredentials } from './credentials.js';
import { createHousekeeping } from './housekeeping.js';
import { createIamStore } from './iam-store.js';
import { createKeys } from './keys.js';
import { createKmsKeys } from './kms-keys.js';
import { createMeta } from './meta.js';
import { createReplicationQueue, createReplicationTx } from './replication-jobs.js';
import { createRotationStore } from './rotation-store.js';
import { createSecretReads } from './secret-reads.js';
import { createSecretWrites } from './secret-writes.js';
import { lift } from './sync.js';
import { TransactionGate } from './transaction.js';
import { createWalSync } from './wal-sync.js';

/**
 * The Store over one migrated better-sqlite3 connection (see open-sqlite.ts). Every statement
 * is prepared here, once; each call is routed through the TransactionGate.
 */
export function createSqliteStore(db: Database): Store {
  const wal = db.memory ? undefined : createWalSync(db.name);
  const gate = new TransactionGate(db, wal);
  const reads = createSecretReads(db);
  const writes = createSecretWrites(db);
  const ping = db.prepare('SELECT 1');
  const audit = createSqliteAudit(db, gate.run);

  const txSync = {
    ...reads,
    ...writes,
    ...createReplicationTx(db),
    // The single writer already serialises every transaction: a re-read is the lock.
    lockSecret: reads.findById,
  };

  return {
    ...lift(reads, gate.run),
    ...lift(createKeys(db), gate.run),
    ...lift(createKmsKeys(db), gate.run),
    ...lift(createCredentials(db), gate.run),
    ...lift(createMeta(db), gate.run),
    ...lift(createHousekeeping(db), gate.run),
    ...lift(createReplicationQueue(db), gate.run),
    ...audit.store,
    ...lift(createIamStore(db), gate.run),
    ...lift(createRotationStore(db), gate.run),
    ping: () => gate.run(() => void ping.get()),
    transaction: <T>(fn: (tx: SecretTx) => Promise<T>) =>
      gate.transaction((token) => fn(lift(txSync, gate.runnerFor(token)))),
    close: async () => {
      await audit.close();
      await gate.exclusive(() => {
        if (db.open) db.close();
      });
      await wal?.close();
    },
  };
}
