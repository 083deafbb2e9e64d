import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditDraft, type AuditKeys, chainHash, GENESIS_HASH } from '../audit-ports.js';
import type { Store } from '../ports.js';
import { ACCOUNT, aSecret, OTHER_ACCOUNT, OTHER_REGION, REGION, seed, T0 } from './fixtures.js';

const SECRET = 'AWS::SecretsManager::Secret';

/** A draft whose record is opaque text (the store never parses it). */
function aDraft(over: Partial<AuditKeys> = {}, at = T0, deliverTo: string[] = []): AuditDraft {
  const eventId = randomUUID();
  return {
    eventId,
    eventTime: at,
    record: JSON.stringify({ eventID: eventId, note: 'ünïcødé 🔑' }),
    keys: {
      accountId: ACCOUNT,
      region: REGION,
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      readOnly: true,
      username: 'admin',
      accessKeyId: 'AKIAEXAMPLE',
      resources: [],
      ...over,
    },
    deliverTo,
  };
}

const aSubscription = (id = randomUUID()) => ({
  id,
  url: 'http://127.0.0.1:9/hook',
  pattern: '{"source":["aws.secretsmanager"]}',
  sealedSecret: Uint8Array.from([9, 8, 7, 0, 255]),
  createdAt: T0,
});

/** The audit trail: chained appends, lookups, checkpoints, subscriptions and the outbox. */
export function auditCases(h: { readonly store: Store }): void {
  describe('audit trail', () => {
    it('numbers appends 1, 2, 3 and chains each to the one before (chainHash)', async () => {
      const [a, b] = [aDraft(), aDraft()];
      const first = await h.store.appendAudit([a, b]);
      const [c] = await h.store.appendAudit([aDraft()]);
      expect(first.map((e) => e.seq)).toEqual([1, 2]);
      expect(c?.seq).toBe(3);
      expect(first[0]).toMatchObject({ prevEventId: '', prevHash: GENESIS_HASH });
      expect(first[0]!.hash).toBe(chainHash(1, a.eventId, '', GENESIS_HASH, a.record));
      expect(first[1]).toMatchObject({ prevEventId: a.eventId, prevHash: first[0]!.hash });
      expect(c).toMatchObject({ prevEventId: b.eventId, prevHash: first[1]!.hash });
      expect(await h.store.auditHead()).toStrictEqual(c);
      expect(await h.store.appendAudit([])).toEqual([]);
    });

    it('keeps concurrent appends in one unbroken chain', async () => {
      await Promise.all(Array.from({ length: 20 }, () => h.store.appendAudit([aDraft(), aDraft()])));
      const all = await h.store.readAudit(0, 100);
      expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    });

    it('stores the record text byte for byte and reads entries back whole', async () => {
      const d = aDraft({ resources: [{ type: SECRET, name: 'app/db' }] });
      const [e] = await h.store.appendAudit([d]);
      expect(e!.record).toBe(d.record);
      expect(await h.store.auditEntryAt(1)).toStrictEqual(e);
      expect(await h.store.auditEntryById(d.eventId)).toStrictEqual(e);
      expect(await h.store.auditEntryAt(2)).toBeUndefined();
      expect(await h.store.auditEntryById('nope')).toBeUndefined();
      const { username: _u, accessKeyId: _k, ...bare } = aDraft().keys;
      const [noUser] = await h.store.appendAudit([{ ...aDraft(), keys: bare }]);
      expect((await h.store.auditEntryAt(noUser!.seq))?.keys).toStrictEqual(bare);
    });

    it('readAudit pages forward by seq', async () => {
      await h.store.appendAudit(Array.from({ length: 5 }, () => aDraft()));
      expect((await h.store.readAudit(0, 2)).map((e) => e.seq)).toEqual([1, 2]);
      expect((await h.store.readAudit(2, 10)).map((e) => e.seq)).toEqual([3, 4, 5]);
      expect(await h.store.readAudit(5, 10)).toEqual([]);
    });

    it('queries newest first within an account and region, by one attribute, time and cursor', async () => {
      const arn = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf';
      await h.store.appendAudit([
        aDraft(
          {
            resources: [
              { type: SECRET, name: arn },
              { type: SECRET, name: 'app/db' },
            ],
          },
          T0,
        ),
        aDraft({ eventName: 'PutSecretValue', readOnly: false, username: 'bob', accessKeyId: 'AKIABOB' }, T0 + 1000),
        aDraft({ accountId: OTHER_ACCOUNT }, T0 + 2000),
        aDraft({ region: OTHER_REGION }, T0 + 3000),
        aDraft({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'LookupEvents' }, T0 + 4000),
      ]);
      const q = async (over: object) =>
        (await h.store.queryAudit({ accountId: ACCOUNT, region: REGION, limit: 50, ...over })).map((e) => e.seq);
      expect(await q({})).toEqual([5, 2, 1]);
      expect(await q({ limit: 2 })).toEqual([5, 2]);
      expect(await q({ beforeSeq: 5 })).toEqual([2, 1]);
      expect(await q({ attribute: { key: 'EventName', value: 'PutSecretValue' } })).toEqual([2]);
      expect(await q({ attribute: { key: 'Username', value: 'bob' } })).toEqual([2]);
      expect(await q({ attribute: { key: 'AccessKeyId', value: 'AKIABOB' } })).toEqual([2]);
      expect(await q({ attribute: { key: 'ReadOnly', value: 'false' } })).toEqual([2]);
      expect(await q({ attribute: { key: 'ReadOnly', value: 'true' } })).toEqual([5, 1]);
      expect(await q({ attribute: { key: 'EventSource', value: 'cloudtrail.amazonaws.com' } })).toEqual([5]);
      expect(await q({ attribute: { key: 'ResourceName', value: 'app/db' } })).toEqual([1]);
      expect(await q({ attribute: { key: 'ResourceName', value: arn } })).toEqual([1]);
      expect(await q({ attribute: { key: 'ResourceType', value: SECRET } })).toEqual([1]);
      const first = (await h.store.readAudit(0, 1))[0]!;
      expect(await q({ attribute: { key: 'EventId', value: first.eventId } })).toEqual([1]);
      expect(await q({ startTime: T0 + 1000, endTime: T0 + 4000 })).toEqual([5, 2]);
      expect(await q({ endTime: T0 + 999 })).toEqual([1]);
      const everywhere = await h.store.queryAudit({ limit: 50 });
      expect(everywhere.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    });

    it('appends checkpoints once per n and lists them in order', async () => {
      const cp = (n: number) => ({
        n,
        upToSeq: n * 10,
        upToHash: 'h'.repeat(64),
        createdAt: T0 + n,
        prevMac: `m${n - 1}`,
        mac: `m${n}`,
      });
      await h.store.appendAuditCheckpoint(cp(1));
      await h.store.appendAuditCheckpoint(cp(2));
      await expect(h.store.appendAuditCheckpoint({ ...cp(2), mac: 'other' })).rejects.toThrow();
      expect(await h.store.listAuditCheckpoints()).toStrictEqual([cp(1), cp(2)]);
    });

    it('probes that an audit write could commit, and counts secrets per region (pending deletion too)', async () => {
      await expect(h.store.probeAuditWritable()).resolves.toBeUndefined();
      expect(await h.store.readAudit(0, 10)).toEqual([]);
      await seed(h.store, [
        aSecret(),
        aSecret({ deletedAt: T0, deletionDate: T0 + 1 }),
        aSecret({ region: OTHER_REGION }),
      ]);
      expect(await h.store.countSecretsByRegion()).toEqual([
        { region: OTHER_REGION, count: 1 },
        { region: REGION, count: 2 },
      ]);
    });
  });

  describe('audit webhooks', () => {
    it('stores, lists and deletes subscriptions', async () => {
      const [a, b] = [aSubscription(), aSubscription()];
      await h.store.insertAuditSubscription(a);
      await h.store.insertAuditSubscription({ ...b, createdAt: T0 + 1 });
      expect(await h.store.listAuditSubscriptions()).toStrictEqual([a, { ...b, createdAt: T0 + 1 }]);
      expect(await h.store.deleteAuditSubscription(a.id)).toBe(true);
      expect(await h.store.deleteAuditSubscription(a.id)).toBe(false);
      expect((await h.store.listAuditSubscriptions()).map((s) => s.id)).toEqual([b.id]);
    });

    it('queues a delivery per matched subscription with its record, and ignores deleted subscriptions', async () => {
      const sub = aSubscription();
      await h.store.insertAuditSubscription(sub);
      const [e] = await h.store.appendAudit([aDraft({}, T0, [sub.id, 'gone'])]);
      const due = await h.store.claimAuditDeliveries(T0, 60_000, 10);
      expect(due).toHaveLength(1);
      expect(due[0]).toMatchObject({ subscriptionId: sub.id, url: sub.url, attempts: 1, entry: e });
      expect(due[0]!.sealedSecret).toStrictEqual(sub.sealedSecret);
      // Leased: not claimable again until the lease ends.
      expect(await h.store.claimAuditDeliveries(T0, 60_000, 10)).toEqual([]);
      expect((await h.store.claimAuditDeliveries(T0 + 60_000, 60_000, 10))[0]?.attempts).toBe(2);
      expect(await h.store.countAuditDeliveries()).toEqual({ pending: 1, dead: 0 });
    });

    it('retries at the given time, gives up when told to, and forgets delivered rows', async () => {
      const sub = aSubscription();
      await h.store.insertAuditSubscription(sub);
      await h.store.appendAudit([aDraft({}, T0, [sub.id]), aDraft({}, T0, [sub.id])]);
      const [one, two] = await h.store.claimAuditDeliveries(T0, 60_000, 10);
      await h.store.failAuditDelivery(one!.id, T0 + 5000, 'HTTP 500');
      await h.store.failAuditDelivery(two!.id, undefined, 'HTTP 410');
      expect(await h.store.countAuditDeliveries()).toEqual({ pending: 1, dead: 1 });
      expect(await h.store.claimAuditDeliveries(T0 + 4999, 60_000, 10)).toEqual([]);
      const again = await h.store.claimAuditDeliveries(T0 + 5000, 60_000, 10);
      expect(again.map((d) => d.id)).toEqual([one!.id]);
      await h.store.completeAuditDelivery(one!.id);
      expect(await h.store.countAuditDeliveries()).toEqual({ pending: 0, dead: 1 });
      expect(await h.store.claimAuditDeliveries(T0 + 10 ** 9, 60_000, 10)).toEqual([]);
    });

    it('drops pending deliveries with their subscription', async () => {
      const sub = aSubscription();
      await h.store.insertAuditSubscription(sub);
      await h.store.appendAudit([aDraft({}, T0, [sub.id])]);
      await h.store.deleteAuditSubscription(sub.id);
      expect(await h.store.countAuditDeliveries()).toEqual({ pending: 0, dead: 0 });
    });
  });
}
