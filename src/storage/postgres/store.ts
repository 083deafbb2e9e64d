import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SecretTx, Store } from '../ports.js';
import { createAuditRecords } from './audit-records.js';
import { createAuditWebhooks } from './audit-webhooks.js';
import { createCredentials } from './credentials.js';
import { createHousekeeping } from './housekeeping.js';
import { createIamCredentials } from './iam-credentials.js';
import { createIamEntities } from './iam-entities.js';
import { createKeys } from './keys.js';
import { createKmsKeys } from './kms-keys.js';
import { createMeta } from './meta.js';
import { notifyingIdentityWrites } from './notify-changes.js';
import type { OpenTx } from './open-tx.js';
import { POOL_DEFAULTS } from './pool.js';
import { createReplicationQueue, createReplicationTx } from './replication-jobs.js';
import { createRotationFunctions } from './rotation-functions.js';
import { createRotationRuns } from './rotation-runs.js';
import { createRotationSchedules } from './rotation-schedules.js';
import { createSecretReads, lockSecretRow } from './secret-reads.js';
import { createSecretWrites } from './secret-writes.js';
import { PgTransactions } from './transaction.js';

type AnyFn = (...args: never[]) => Promise<unknown>;

/** Routes every method through `track`, so close() waits for calls in flight and refuses new ones. */
function tracked<T extends Record<string, AnyFn>>(methods: T, txs: PgTransactions): T {
  const out: Record<string, AnyFn> = {};
  for (const [name, fn] of Object.entries(methods)) {
    out[name] = (...args: never[]) => txs.track(() => fn(...args));
  }
  return out as T;
}

function txFor(txs: PgTransactions, open: OpenTx): SecretTx {
  return {
    ...createSecretReads(open.sql),
    ...createSecretWrites(open.sql, open.notices),
    ...createReplicationTx(open.sql),
    lockSecret: (id) => txs.lockSecret(open, id, () => lockSecretRow(open.sql, id)),
  };
}

/**
 * The Store over a pg.Pool whose database has been migrated (see open-postgres.ts). Outside
 * transactions each call runs on the pool; inside a body, on the body's connection
 * (transaction.ts). Every driver error reaches callers mapped by errors.ts. Committed changes
 * to secrets and identities are announced to the other nodes, signed `origin` (a random id
 * unless given), so that this process's listener can skip its own (notify-changes.ts).
 */
export function createPostgresStore(pool: pg.Pool, o: { lockWaitMs?: number; origin?: string } = {}): Store {
  const origin = o.origin ?? randomUUID();
  const txs = new PgTransactions(pool, o.lockWaitMs ?? POOL_DEFAULTS.statementTimeoutMs, origin);
  const { sql, atomic } = txs;
  return {
    ...tracked(
      {
        ...createSecretReads(sql),
        ...createKeys(sql),
        ...createKmsKeys(sql),
        ...notifyingIdentityWrites(createCredentials(sql), atomic, origin),
        ...createMeta(sql),
        ...createHousekeeping(sql),
        ...createReplicationQueue(sql),
        ...createAuditRecords(sql, atomic),
        ...createAuditWebhooks(sql),
        ...notifyingIdentityWrites(createIamEntities(sql), atomic, origin),
        ...notifyingIdentityWrites(createIamCredentials(sql), atomic, origin),
        ...createRotationSchedules(sql, atomic),
        ...createRotationRuns(sql),
        ...createRotationFunctions(sql),
        ping: async () => {
          await sql({ text: 'SELECT 1' });
        },
      },
      txs,
    ),
    transaction: <T>(fn: (tx: SecretTx) => Promise<T>) => txs.transaction((open) => fn(txFor(txs, open))),
    close: () => txs.close(),
  };
}
