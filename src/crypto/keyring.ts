import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { KeyRecord, KeyStore } from '../storage/ports.js';
import { gcmOpen, gcmSeal } from './aes-gcm.js';

/**
 * The key hierarchy: root key → account keys (one `aws/secretsmanager` per account and region,
 * like AWS's managed key, created on first use) → a fresh data key per secret version.
 * Account keys are stored wrapped by the root key and kept unwrapped in memory once used,
 * as Vault keeps its keyring; data keys never outlive one seal or open.
 */
export const DEFAULT_KEY_ALIAS = 'aws/secretsmanager';

export type AccountKey = { keyId: string; arn: string; accountId: string; region: string; material: Buffer };

export type Keyring = {
  /** The account's default key, created on first use. */
  defaultKey(accountId: string, region: string): Promise<AccountKey>;
  byId(keyId: string): Promise<AccountKey | undefined>;
};

const kekAad = (keyId: string) => Buffer.from(`strongroom:kek:v1:${keyId}`);
export const keyArn = (k: Pick<KeyRecord, 'region' | 'accountId' | 'keyId'>) =>
  `arn:aws:kms:${k.region}:${k.accountId}:key/${k.keyId}`;

export function createKeyring(rootKey: Uint8Array, store: KeyStore, clock: Clock): Keyring {
  const cache = new Map<string, AccountKey>();
  const byAlias = new Map<string, AccountKey>();

  const unwrap = (rec: KeyRecord): AccountKey => {
    const cached = cache.get(rec.keyId);
    if (cached) return cached;
    const material = gcmOpen(rootKey, rec.wrapped, kekAad(rec.keyId));
    const key = { keyId: rec.keyId, arn: keyArn(rec), accountId: rec.accountId, region: rec.region, material };
    cache.set(rec.keyId, key);
    return key;
  };

  return {
    async defaultKey(accountId, region) {
      const aliasKey = `${accountId}/${region}`;
      const hit = byAlias.get(aliasKey);
      if (hit) return hit;
      let rec = await store.findKeyByAlias(accountId, region, DEFAULT_KEY_ALIAS);
      if (!rec) {
        const keyId = randomUUID();
        const material = randomBytes(32);
        const wrapped = gcmSeal(rootKey, material, kekAad(keyId));
        material.fill(0);
        // insertKey returns the winner if another request or node created it first.
        rec = await store.insertKey({
          keyId,
          accountId,
          region,
          alias: DEFAULT_KEY_ALIAS,
          wrapped,
          createdAt: clock.now(),
          enabled: true,
        });
      }
      const key = unwrap(rec);
      byAlias.set(aliasKey, key);
      return key;
    },
    async byId(keyId) {
      const cached = cache.get(keyId);
      if (cached) return cached;
      const rec = await store.findKey(keyId);
      return rec ? unwrap(rec) : undefined;
    },
  };
}
