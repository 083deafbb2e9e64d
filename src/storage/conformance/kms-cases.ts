import { describe, expect, it } from 'vitest';
import { type KmsAliasRecord, type KmsKeyRecord, kmsStoreOf } from '../kms-ports.js';
import type { Store } from '../ports.js';
import { ACCOUNT, DAY, OTHER_ACCOUNT, OTHER_REGION, REGION, T0 } from './fixtures.js';

let n = 0;
const uuid = () => {
  n += 1;
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
};

const aKmsKey = (over: Partial<KmsKeyRecord> = {}): KmsKeyRecord => ({
  keyId: uuid(),
  accountId: ACCOUNT,
  region: REGION,
  wrapped: Uint8Array.from({ length: 60 }, (_, i) => i * 3),
  createdAt: T0,
  enabled: true,
  description: 'a key',
  keySpec: 'SYMMETRIC_DEFAULT',
  keyUsage: 'ENCRYPT_DECRYPT',
  keyManager: 'CUSTOMER',
  state: 'Enabled',
  policy: '{"Version":"2012-10-17"}',
  tags: [{ TagKey: 'team', TagValue: 'core' }],
  ...over,
});

const anAlias = (targetKeyId: string, over: Partial<KmsAliasRecord> = {}): KmsAliasRecord => ({
  accountId: ACCOUNT,
  region: REGION,
  aliasName: 'alias/app',
  targetKeyId,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

/** Customer-managed KMS keys and aliases (storage/kms-ports.ts). */
export function kmsCases(h: { readonly store: Store }): void {
  describe('kms keys and aliases (KmsStore)', () => {
    it('round-trips every field of a key, and the key material through KeyStore too', async () => {
      const kms = kmsStoreOf(h.store);
      const k = aKmsKey({ state: 'PendingDeletion', enabled: false, deletionDate: T0 + 7 * DAY, pendingWindowDays: 7 });
      await kms.insertKmsKey(k);
      expect(await kms.findKmsKey(k.keyId)).toStrictEqual(k);
      expect(await h.store.findKey(k.keyId)).toMatchObject({ keyId: k.keyId, wrapped: k.wrapped, enabled: false });
      expect(await kms.findKmsKey(uuid())).toBeUndefined();
    });

    it('describes a key made through KeyStore (aws/secretsmanager) as AWS managed and enabled', async () => {
      const keyId = uuid();
      await h.store.insertKey({
        keyId,
        accountId: ACCOUNT,
        region: REGION,
        alias: 'aws/secretsmanager',
        wrapped: new Uint8Array([1, 2, 3]),
        createdAt: T0,
        enabled: true,
      });
      expect(await kmsStoreOf(h.store).findKmsKey(keyId)).toMatchObject({
        keyManager: 'AWS',
        state: 'Enabled',
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        alias: 'aws/secretsmanager',
        tags: [],
      });
    });

    it('lists the keys of one account and region by key id, a page at a time', async () => {
      const kms = kmsStoreOf(h.store);
      const keys = [aKmsKey(), aKmsKey(), aKmsKey()];
      for (const k of keys) await kms.insertKmsKey(k);
      await kms.insertKmsKey(aKmsKey({ accountId: OTHER_ACCOUNT }));
      await kms.insertKmsKey(aKmsKey({ region: OTHER_REGION }));
      const first = await kms.listKmsKeys(ACCOUNT, REGION, undefined, 2);
      expect(first.map((k) => k.keyId)).toEqual([keys[0]!.keyId, keys[1]!.keyId]);
      const rest = await kms.listKmsKeys(ACCOUNT, REGION, keys[1]!.keyId, 2);
      expect(rest.map((k) => k.keyId)).toEqual([keys[2]!.keyId]);
    });

    it('changes state and description, and clears the deletion date on the way back', async () => {
      const kms = kmsStoreOf(h.store);
      const k = aKmsKey();
      await kms.insertKmsKey(k);
      await kms.setKmsKeyState({
        keyId: k.keyId,
        state: 'PendingDeletion',
        enabled: false,
        deletionDate: T0 + DAY * 30,
        pendingWindowDays: 30,
      });
      expect(await kms.findKmsKey(k.keyId)).toMatchObject({ state: 'PendingDeletion', deletionDate: T0 + DAY * 30 });
      await kms.setKmsKeyState({ keyId: k.keyId, state: 'Disabled', enabled: false });
      const back = await kms.findKmsKey(k.keyId);
      expect(back).toMatchObject({ state: 'Disabled', enabled: false });
      expect(back?.deletionDate).toBeUndefined();
      expect(back?.pendingWindowDays).toBeUndefined();
      await kms.setKmsKeyDescription(k.keyId, 'renamed');
      expect((await kms.findKmsKey(k.keyId))?.description).toBe('renamed');
      const policy = '{"Version":"2012-10-17","Statement":[]}';
      await kms.setKmsKeyPolicy(k.keyId, policy);
      expect((await kms.findKmsKey(k.keyId))?.policy).toBe(policy);
    });

    it('purges keys past their deletion date with their aliases, and only those', async () => {
      const kms = kmsStoreOf(h.store);
      const due = aKmsKey({ state: 'PendingDeletion', enabled: false, deletionDate: T0 + DAY, pendingWindowDays: 7 });
      const later = aKmsKey({
        state: 'PendingDeletion',
        enabled: false,
        deletionDate: T0 + 9 * DAY,
        pendingWindowDays: 9,
      });
      const live = aKmsKey();
      for (const k of [due, later, live]) await kms.insertKmsKey(k);
      await kms.insertKmsAlias(anAlias(due.keyId, { aliasName: 'alias/due' }));
      expect(await kms.purgeKmsKeys(T0 + 2 * DAY)).toEqual([due.keyId]);
      expect(await kms.findKmsKey(due.keyId)).toBeUndefined();
      expect(await h.store.findKey(due.keyId)).toBeUndefined();
      expect(await kms.findKmsAlias(ACCOUNT, REGION, 'alias/due')).toBeUndefined();
      expect(await kms.findKmsKey(later.keyId)).toBeDefined();
      expect(await kms.purgeKmsKeys(T0 + 2 * DAY)).toEqual([]);
    });

    it('keeps alias names unique per account and region; updates, lists and deletes them', async () => {
      const kms = kmsStoreOf(h.store);
      const a = aKmsKey();
      const b = aKmsKey();
      await kms.insertKmsKey(a);
      await kms.insertKmsKey(b);
      expect(await kms.insertKmsAlias(anAlias(a.keyId))).toBe(true);
      expect(await kms.insertKmsAlias(anAlias(b.keyId))).toBe(false);
      expect(await kms.insertKmsAlias(anAlias(b.keyId, { region: OTHER_REGION }))).toBe(true);
      expect(await kms.insertKmsAlias(anAlias(b.keyId, { aliasName: 'alias/b' }))).toBe(true);
      expect(await kms.findKmsAlias(ACCOUNT, REGION, 'alias/app')).toStrictEqual(anAlias(a.keyId));

      expect(await kms.updateKmsAlias(ACCOUNT, REGION, 'alias/app', b.keyId, T0 + 5)).toBe(true);
      expect(await kms.findKmsAlias(ACCOUNT, REGION, 'alias/app')).toMatchObject({
        targetKeyId: b.keyId,
        updatedAt: T0 + 5,
      });
      expect(await kms.updateKmsAlias(ACCOUNT, REGION, 'alias/none', b.keyId, T0)).toBe(false);

      const all = await kms.listKmsAliases(ACCOUNT, REGION, { limit: 10 });
      expect(all.map((x) => x.aliasName)).toEqual(['alias/app', 'alias/b']);
      const page = await kms.listKmsAliases(ACCOUNT, REGION, { after: 'alias/app', limit: 10 });
      expect(page.map((x) => x.aliasName)).toEqual(['alias/b']);
      expect(await kms.listKmsAliases(ACCOUNT, REGION, { keyId: a.keyId, limit: 10 })).toEqual([]);

      expect(await kms.deleteKmsAlias(ACCOUNT, REGION, 'alias/app')).toBe(true);
      expect(await kms.deleteKmsAlias(ACCOUNT, REGION, 'alias/app')).toBe(false);
      expect(await kms.findKmsAlias(ACCOUNT, REGION, 'alias/app')).toBeUndefined();
    });
  });
}
