import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aSecret, aVersion, T0 } from '../../src/storage/conformance/fixtures.js';
import type { Store } from '../../src/storage/ports.js';
import type { SecretNotice } from '../../src/storage/postgres/notify-changes.js';
import { type ChangeListener, listenForChanges } from '../../src/storage/postgres/notify-listener.js';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-database.js';
import { eventually } from './cluster.js';

/**
 * The notices between nodes, at the storage level: two stores on one database stand for two
 * nodes, and a listener for the first node hears what the second commits (and only that).
 */
let db: TestDatabase;
let here: Store;
let there: Store;
let listener: ChangeListener | undefined;
const heard: (SecretNotice | 'iam' | 'resync')[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  here = await openPostgresStore({ url: db.url, origin: 'node-here', poolMax: 2 });
  there = await openPostgresStore({ url: db.url, origin: 'node-there', poolMax: 2 });
});

afterAll(async () => {
  await listener?.close();
  await here?.close();
  await there?.close();
  await db?.drop();
});

async function listen(): Promise<void> {
  listener = listenForChanges({
    url: db.url,
    origin: 'node-here',
    onSecret: (s) => heard.push(s),
    onIdentity: () => heard.push('iam'),
    onResync: () => heard.push('resync'),
    heartbeatMs: 200,
    minBackoffMs: 20,
  });
  await listener.ready;
}

afterEach(async () => {
  await listener?.close();
  listener = undefined;
  heard.length = 0;
});

/** A committed change by the other node, awaited on the listener: everything sent before it has arrived. */
async function marker(): Promise<void> {
  const s = aSecret({ name: `marker-${Math.random()}` });
  await there.transaction((tx) => tx.insertSecret(s));
  await eventually(async () => heard.some((h) => typeof h === 'object' && h.arn === s.arn));
  heard.splice(
    heard.findIndex((h) => typeof h === 'object' && h.arn === s.arn),
    1,
  );
}

describe('change notices between nodes sharing a PostgreSQL database', () => {
  it('tells of each secret another node changed, once committed, with its ARN, name and account', async () => {
    await listen();
    const s = aSecret({ name: 'notify/one' });
    await there.transaction(async (tx) => {
      await tx.insertSecret(s);
      await tx.insertVersion(aVersion(s.id, { stages: ['AWSCURRENT'] }));
    });
    await eventually(async () => heard.length > 0);
    await marker();
    expect(heard).toEqual([{ arn: s.arn, name: 'notify/one', accountId: s.accountId }]);

    heard.length = 0;
    await there.transaction(async (tx) => {
      const locked = await tx.lockSecret(s.id);
      await tx.updateSecret({ ...locked!, name: 'notify/renamed-in-tx' });
      await tx.setStages(s.id, new Map());
    });
    await marker();
    // The notice describes the secret as the transaction left it.
    expect(heard).toEqual([{ arn: s.arn, name: 'notify/renamed-in-tx', accountId: s.accountId }]);

    heard.length = 0;
    await there.transaction((tx) => tx.deleteSecret(s.id));
    await marker();
    expect(heard).toEqual([{ arn: s.arn, name: 'notify/renamed-in-tx', accountId: s.accountId }]);
  });

  it('tells nothing of a transaction that rolled back, nor of this node’s own changes', async () => {
    await listen();
    const rolledBack = aSecret({ name: 'notify/rolled-back' });
    await expect(
      there.transaction(async (tx) => {
        await tx.insertSecret(rolledBack);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await here.transaction((tx) => tx.insertSecret(aSecret({ name: 'notify/own' })));
    await marker();
    expect(heard).toEqual([]);
  });

  it('tells that identities changed when another node writes a user, a policy or an access key', async () => {
    await listen();
    const user = {
      accountId: '111122223333',
      userName: 'alice',
      userId: 'AIDAEXAMPLEALICE00001',
      path: '/',
      arn: 'arn:aws:iam::111122223333:user/alice',
      createdAt: T0,
      tags: [],
    };
    await there.insertUser(user);
    await marker();
    expect(heard).toEqual(['iam']);
    heard.length = 0;
    await there.putInlinePolicy(
      { accountId: user.accountId, kind: 'user', name: 'alice' },
      { policyName: 'p', document: '{"Version":"2012-10-17","Statement":[]}' },
    );
    await there.deleteUser(user.accountId, 'alice');
    await marker();
    expect(heard).toEqual(['iam', 'iam']);
  });

  it('after losing its connection, reconnects, says everything may be stale, and hears changes again', async () => {
    await listen();
    const killed = await db.query(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'strongroom-listen' AND datname = current_database()",
    );
    expect(killed.rows).toHaveLength(1);
    await eventually(async () => heard.includes('resync'));
    await marker();
    expect(heard).toEqual(['resync']);
  });
});
