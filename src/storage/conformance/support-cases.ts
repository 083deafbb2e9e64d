import { describe, expect, it } from 'vitest';
import { type AccessKeyRecord, type KeyRecord, type Store, StoreConflictError } from '../ports.js';
import { ACCOUNT, aSecret, aVersion, DAY, OTHER_ACCOUNT, OTHER_REGION, REGION, seed, T0 } from './fixtures.js';

const aKey = (over: Partial<KeyRecord> = {}): KeyRecord => ({
  keyId: `key-${Math.random().toString(36).slice(2)}`,
  accountId: ACCOUNT,
  region: REGION,
  alias: 'aws/secretsmanager',
  wrapped: Uint8Array.from({ length: 60 }, (_, i) => 255 - i),
  createdAt: T0,
  enabled: true,
  ...over,
});

const anAccessKey = (over: Partial<AccessKeyRecord> = {}): AccessKeyRecord => ({
  accessKeyId: `AKIA${Math.random().toString(36).slice(2, 14).toUpperCase()}`,
  accountId: ACCOUNT,
  principalArn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  userName: 'admin',
  sealedSecret: Uint8Array.from([0, 1, 2, 254, 255]),
  status: 'Active',
  createdAt: T0,
  ...over,
});

/** Account keys, access keys, meta, last-accessed bookkeeping, the purge query, lifecycle. */
export function supportCases(h: { readonly store: Store }): void {
  describe('kms keys', () => {
    it('inserts and finds a key by id and by alias', async () => {
      const k = aKey();
      expect(await h.store.insertKey(k)).toStrictEqual(k);
      expect(await h.store.findKey(k.keyId)).toStrictEqual(k);
      expect(await h.store.findKeyByAlias(ACCOUNT, REGION, 'aws/secretsmanager')).toStrictEqual(k);
      expect(await h.store.findKey('nope')).toBeUndefined();
      expect(await h.store.findKeyByAlias(ACCOUNT, OTHER_REGION, 'aws/secretsmanager')).toBeUndefined();
    });

    it('keeps the first key when a second one claims the same alias', async () => {
      const first = aKey();
      const second = aKey();
      await h.store.insertKey(first);
      expect(await h.store.insertKey(second)).toStrictEqual(first);
      expect(await h.store.findKey(second.keyId)).toBeUndefined();
      const [a, b] = await Promise.all([
        h.store.insertKey(aKey({ alias: 'race' })),
        h.store.insertKey(aKey({ alias: 'race' })),
      ]);
      expect(b).toStrictEqual(a);
    });

    it('scopes aliases to account and region; keys without alias never conflict', async () => {
      const here = aKey();
      const there = aKey({ region: OTHER_REGION });
      const other = aKey({ accountId: OTHER_ACCOUNT });
      const { alias: _a, ...plain1 } = aKey({ enabled: false });
      const { alias: _b, ...plain2 } = aKey();
      for (const k of [here, there, other, plain1, plain2]) expect(await h.store.insertKey(k)).toStrictEqual(k);
      expect(await h.store.findKeyByAlias(ACCOUNT, OTHER_REGION, 'aws/secretsmanager')).toStrictEqual(there);
      expect(await h.store.findKeyByAlias(OTHER_ACCOUNT, REGION, 'aws/secretsmanager')).toStrictEqual(other);
      expect(await h.store.findKey(plain1.keyId)).toStrictEqual(plain1);
    });
  });

  describe('access keys', () => {
    it('inserts, finds and lists access keys per account, oldest first', async () => {
      const older = anAccessKey({ createdAt: T0 - 10, status: 'Inactive' });
      const newer = anAccessKey({ createdAt: T0 });
      const elsewhere = anAccessKey({ accountId: OTHER_ACCOUNT });
      for (const k of [newer, elsewhere, older]) await h.store.insertAccessKey(k);
      expect(await h.store.findAccessKey(older.accessKeyId)).toStrictEqual(older);
      expect(await h.store.findAccessKey('AKIANOPE')).toBeUndefined();
      expect(await h.store.listAccessKeys(ACCOUNT)).toStrictEqual([older, newer]);
      expect(await h.store.listAccessKeys('000000000000')).toEqual([]);
    });

    it('refuses a duplicate access key id', async () => {
      const k = anAccessKey();
      await h.store.insertAccessKey(k);
      const dup = h.store.insertAccessKey({ ...k, userName: 'other' });
      await expect(dup).rejects.toBeInstanceOf(StoreConflictError);
      await expect(dup).rejects.toMatchObject({ conflict: 'access-key' });
      expect((await h.store.findAccessKey(k.accessKeyId))?.userName).toBe('admin');
    });
  });

  describe('meta', () => {
    it('initMeta sets a value once; getMeta reads it', async () => {
      expect(await h.store.getMeta('root-check')).toBeUndefined();
      expect(await h.store.initMeta('root-check', 'first')).toBe('first');
      expect(await h.store.initMeta('root-check', 'second')).toBe('first');
      expect(await h.store.getMeta('root-check')).toBe('first');
    });
  });

  describe('touchLastAccessed', () => {
    it('records the day on the version and its secret, idempotently', async () => {
      const s = aSecret();
      const [v1, v2] = [aVersion(s.id), aVersion(s.id, { lastAccessedAt: T0 })];
      await seed(h.store, [s], [v1, v2]);
      const day = T0 + 3 * DAY;
      await h.store.touchLastAccessed(s.id, v1.versionId, day);
      await h.store.touchLastAccessed(s.id, v1.versionId, day);
      expect((await h.store.getVersion(s.id, v1.versionId))?.lastAccessedAt).toBe(day);
      expect((await h.store.getVersion(s.id, v2.versionId))?.lastAccessedAt).toBe(T0);
      expect((await h.store.findById(s.id))?.lastAccessedAt).toBe(day);
      await h.store.touchLastAccessed(s.id, v2.versionId, day + DAY);
      expect((await h.store.getVersion(s.id, v2.versionId))?.lastAccessedAt).toBe(day + DAY);
      expect((await h.store.findById(s.id))?.lastAccessedAt).toBe(day + DAY);
      await expect(h.store.touchLastAccessed('no-such-secret', 'v', day)).resolves.toBeUndefined();
    });
  });

  describe('findDueDeletions', () => {
    it('returns secrets whose deletion date has passed, soonest first, up to the limit', async () => {
      const due = (at: number) => aSecret({ deletedAt: at - 7 * DAY, deletionDate: at });
      const [a, b, c] = [due(T0 - 2), due(T0 - 5), due(T0)];
      await seed(h.store, [a, b, c, due(T0 + 1), aSecret(), due(T0 - 1)]);
      const found = await h.store.findDueDeletions(T0, 3);
      expect(found.map((s) => s.deletionDate)).toEqual([T0 - 5, T0 - 2, T0 - 1]);
      expect(found[0]).toStrictEqual(b);
      expect(await h.store.findDueDeletions(T0, 100)).toHaveLength(4);
      expect(await h.store.findDueDeletions(T0 - 100, 100)).toEqual([]);
      expect((await h.store.findDueDeletions(T0, 100)).map((s) => s.id)).toContain(c.id);
      expect((await h.store.findDueDeletions(T0, 100)).map((s) => s.id)).toContain(a.id);
    });
  });

  describe('lifecycle', () => {
    it('answers ping', async () => {
      await expect(h.store.ping()).resolves.toBeUndefined();
    });

    it('close waits for an open transaction to commit, and can be called twice', async () => {
      const s = aSecret();
      let committed = false;
      const tx = h.store.transaction(async (t) => {
        await t.insertSecret(s);
        await new Promise((r) => setTimeout(r, 10));
        committed = true;
      });
      await new Promise((r) => setImmediate(r));
      await h.store.close();
      expect(committed).toBe(true);
      await tx;
      await h.store.close();
    });
  });
}
