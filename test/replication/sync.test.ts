import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminOnly } from '../../src/app/authorize.js';
import type { RequestContext } from '../../src/app/context.js';
import type { EventSink, ServiceEvent } from '../../src/app/events.js';
import { removeRegionsFromReplication } from '../../src/app/replication/remove-regions-from-replication.js';
import { replicateSecretToRegions } from '../../src/app/replication/replicate-secret-to-regions.js';
import { createReplicationWorker, DEFAULT_LEASE_MS, type ReplicationWorker } from '../../src/app/replication/worker.js';
import { createSecret } from '../../src/app/secrets/create-secret.js';
import type { SecretsDeps } from '../../src/app/secrets/deps.js';
import { getSecretValue } from '../../src/app/secrets/get-secret-value.js';
import { putSecretValue } from '../../src/app/secrets/put-secret-value.js';
import { open, parseEnvelope } from '../../src/crypto/envelope.js';
import { createKeyring } from '../../src/crypto/keyring.js';
import { manualClock } from '../../src/lib/clock.js';
import { randomIds } from '../../src/lib/ids.js';
import { silentLogger } from '../../src/lib/json-log.js';
import { Sensitive } from '../../src/lib/sensitive.js';
import type { Store } from '../../src/storage/ports.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

/**
 * The worker against the real store, keyring and use cases, driven one poll at a time. The event
 * sink is a second implementation of the EventSink port; its hook lets a test act at the moment
 * the worker has read the primary and not yet written the replica.
 */
const ACCOUNT = '111122223333';
const clock = manualClock(Date.UTC(2025, 0, 1));
let store: Store;
let d: SecretsDeps;
let events: ServiceEvent[];
let onEvent: (e: ServiceEvent) => Promise<void>;
let worker: ReplicationWorker;

const ctx = (region: string): RequestContext => ({
  principal: {
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
    type: 'IAMUser',
    userName: 'admin',
    accessKeyId: 'AKIATEST',
    isAdmin: true,
  },
  region,
  requestId: randomUUID(),
  sourceIp: '127.0.0.1',
  secureTransport: true,
  now: clock.now(),
});
const str = (s: string) => ({ string: new Sensitive(s) });
const read = async (region: string, id: string) =>
  (await getSecretValue(d, ctx(region), { secretId: id })).string?.reveal();
const put = (id: string, s: string) =>
  putSecretValue(d, ctx('us-east-1'), { secretId: id, token: randomUUID(), value: str(s) });

beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
  d = { store, keyring: createKeyring(randomBytes(32), store, clock), authorize: adminOnly, ids: randomIds };
  events = [];
  onEvent = async () => {};
  const sink: EventSink = {
    emit: async (e) => {
      events.push(e);
      await onEvent(e);
    },
  };
  worker = createReplicationWorker({ ...d, events: sink, log: silentLogger }, { clock, intervalMs: 1000 });
});
afterEach(async () => {
  await worker.stop();
  await store.close();
});

async function primaryWithReplica(name = `s-${randomUUID().slice(0, 8)}`) {
  const c = await createSecret(d, ctx('us-east-1'), {
    name,
    token: randomUUID(),
    value: str('v1'),
    addReplicaRegions: [{ Region: 'eu-west-1' }],
  });
  return { name, arn: c.arn, id: (await store.findByArn(c.arn))!.id };
}

describe('the replication worker', () => {
  it('does not lose a change committed while it copies the previous state', async () => {
    const { name, id } = await primaryWithReplica();
    onEvent = async (e) => {
      if (e.eventName === 'ReplicationStarted') await put(name, 'v2');
    };
    expect(await worker.runOnce()).toBe(1);
    expect(await read('eu-west-1', name)).toBe('v1');
    expect(await store.findReplicationJob(id)).toBeDefined();
    onEvent = async () => {};
    expect(await worker.runOnce()).toBe(1);
    expect(await read('eu-west-1', name)).toBe('v2');
    expect(await store.findReplicationJob(id)).toBeUndefined();
    expect(await worker.runOnce()).toBe(0);
  });

  it('seals the replica under its own region key, bound to the replica ARN', async () => {
    const { name, id } = await primaryWithReplica();
    await worker.runOnce();
    const replica = (await store.findByName(ACCOUNT, 'eu-west-1', name))!;
    const [theirs] = await store.listVersions(id);
    const [mine] = await store.listVersions(replica.id);
    expect(mine!.versionId).toBe(theirs!.versionId);
    const westKey = await d.keyring.defaultKey(ACCOUNT, 'eu-west-1');
    expect(parseEnvelope(mine!.sealed!).keyId).toBe(westKey.keyId);
    expect(parseEnvelope(theirs!.sealed!).keyId).not.toBe(westKey.keyId);
    const as = (arn: string) => open(d.keyring, mine!.sealed!, { SecretARN: arn, SecretVersionId: mine!.versionId });
    expect((await as(replica.arn)).toString()).toBe('v1');
    await expect(as((await store.findById(id))!.arn)).rejects.toThrow();
  });

  it('drops a region removed while its copy was being prepared, without creating it', async () => {
    const { name, arn } = await primaryWithReplica();
    onEvent = async (e) => {
      if (e.eventName === 'ReplicationStarted') {
        await removeRegionsFromReplication(d, ctx('us-east-1'), { secretId: arn, removeReplicaRegions: ['eu-west-1'] });
      }
    };
    await worker.runOnce();
    expect(await store.findByName(ACCOUNT, 'eu-west-1', name)).toBeUndefined();
    expect(events.map((e) => e.eventName)).toEqual(['ReplicationStarted']);
    expect((await store.findByArn(arn))!.replicas).toEqual([]);
  });

  it('keeps a job whose sync failed and retries it once its lease runs out', async () => {
    const { name, id } = await primaryWithReplica();
    const [v] = await store.listVersions(id);
    const setSealed = (bytes: Uint8Array) =>
      store.transaction((tx) => tx.setVersionValue(id, v!.versionId, bytes, 'string', v!.kmsKeyIds));
    await setSealed(randomBytes(80)); // the primary's value cannot be opened for now
    expect(await worker.runOnce()).toBe(1);
    expect((await store.findReplicationJob(id))?.attempts).toBe(1);
    expect(await store.findByName(ACCOUNT, 'eu-west-1', name)).toBeUndefined();
    expect(await worker.runOnce()).toBe(0);
    await setSealed(v!.sealed!);
    clock.advance(DEFAULT_LEASE_MS);
    expect(await worker.runOnce()).toBe(1);
    expect(await read('eu-west-1', name)).toBe('v1');
    expect(await store.findReplicationJob(id)).toBeUndefined();
  });

  it('keeps what an earlier sync copied when a later sync fails (statement 125)', async () => {
    const { name, id, arn } = await primaryWithReplica();
    expect(await worker.runOnce()).toBe(1);
    expect(await read('eu-west-1', name)).toBe('v1');
    await put(name, 'v2');
    const v2 = (await store.listVersions(id)).find((v) => v.stages.includes('AWSCURRENT'))!;
    const setSealed = (bytes: Uint8Array) =>
      store.transaction((tx) => tx.setVersionValue(id, v2.versionId, bytes, 'string', v2.kmsKeyIds));
    await setSealed(randomBytes(80)); // v2 cannot be opened: this sync fails
    expect(await worker.runOnce()).toBe(1);
    expect((await store.findReplicationJob(id))?.attempts).toBe(1);
    // The replica and the version copied before stay, readable in their region.
    expect(await read('eu-west-1', name)).toBe('v1');
    expect((await store.findByArn(arn))!.replicas.map((r) => r.Region)).toEqual(['eu-west-1']);
    await setSealed(v2.sealed!);
    clock.advance(DEFAULT_LEASE_MS);
    expect(await worker.runOnce()).toBe(1);
    expect(await read('eu-west-1', name)).toBe('v2');
  });

  it('reports Succeeded once per replication, not on every later sync', async () => {
    const { name } = await primaryWithReplica();
    await worker.runOnce();
    await put(name, 'v2');
    await worker.runOnce();
    expect(await read('eu-west-1', name)).toBe('v2');
    expect(events.map((e) => e.eventName)).toEqual(['ReplicationStarted', 'ReplicationSucceeded']);
    await replicateSecretToRegions(d, ctx('us-east-1'), {
      secretId: name,
      addReplicaRegions: [{ Region: 'eu-west-1' }],
    });
    await worker.runOnce();
    expect(events.map((e) => e.eventName)).toEqual([
      'ReplicationStarted',
      'ReplicationSucceeded',
      'ReplicationStarted',
      'ReplicationSucceeded',
    ]);
  });

  it('picks up pending jobs as soon as it starts', async () => {
    const { name } = await primaryWithReplica();
    worker.start();
    for (let i = 0; i < 200 && !(await store.findByName(ACCOUNT, 'eu-west-1', name)); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await worker.stop();
    expect(await read('eu-west-1', name)).toBe('v1');
  });
});
