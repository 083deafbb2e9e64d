import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import type { KeyRecord, KeyStore } from '../storage/ports.js';
import { gcmOpen, gcmSeal } from './aes-gcm.js';

/**
 * The key hierarchy: root key → KMS keys → a fresh data key per secret version. KMS keys are
 * the AWS managed `aws/secretsmanager` of each account and region (created on first use, like
 * AWS's) and the customer-managed keys made through the KMS API. Both are stored wrapped by the
 * root key and kept unwrapped in memory once used, as Vault keeps its keyring; data keys never
 * outlive one seal or open. Key *state* (enabled, pending deletion) is not cached here: the KMS
 * metadata is read fresh for each use of a customer key (app/kms/key-lookup.ts).
 *
 * The keyring also counts the KMS calls Secrets Manager would make (GenerateDataKey, Decrypt,
 * Encrypt) per key and purpose, the way CloudTrail shows them on AWS; /metrics exposes them.
 */
export const DEFAULT_KEY_ALIAS = 'aws/secretsmanager';

export type AccountKey = {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  material: Buffer;
  /** The AWS managed aws/secretsmanager key (never disabled, no KMS metadata to check). */
  managed: boolean;
};

export type KmsOperation = 'GenerateDataKey' | 'Decrypt' | 'Encrypt';
/** Why a call happened: a secret value, a key-access check (RequestToValidateKeyAccess), the KMS API. */
export type KmsPurpose = 'secret-value' | 'validate-key-access' | 'kms-api';
export type KmsUsageRow = { keyId: string; operation: KmsOperation; purpose: KmsPurpose; count: number };

export type KmsUsage = {
  record(operation: KmsOperation, keyId: string, purpose: KmsPurpose): void;
  rows(): KmsUsageRow[];
};

export type Keyring = {
  /** The account's default key, created on first use. */
  defaultKey(accountId: string, region: string): Promise<AccountKey>;
  /** A key's material by id, whatever its state; undefined once the key is deleted. */
  byId(keyId: string): Promise<AccountKey | undefined>;
  /** New key material for a customer key, wrapped by the root key for storage. */
  newWrappedMaterial(keyId: string): Buffer;
  /** Drops a deleted key from the in-memory cache. */
  forget(keyId: string): void;
  usage: KmsUsage;
};

const kekAad = (keyId: string) => Buffer.from(`strongroom:kek:v1:${keyId}`);
export const keyArn = (k: Pick<KeyRecord, 'region' | 'accountId' | 'keyId'>) =>
  `arn:aws:kms:${k.region}:${k.accountId}:key/${k.keyId}`;

export function createKmsUsage(): KmsUsage {
  const counts = new Map<string, KmsUsageRow>();
  return {
    record(operation, keyId, purpose) {
      const k = `${keyId}\u0000${operation}\u0000${purpose}`;
      const row = counts.get(k);
      if (row) row.count += 1;
      else counts.set(k, { keyId, operation, purpose, count: 1 });
    },
    rows: () => [...counts.values()].map((r) => ({ ...r })),
  };
}

export function createKeyring(rootKey: Uint8Array, store: KeyStore, clock: Clock): Keyring {
  const cache = new Map<string, AccountKey>();
  const byAlias = new Map<string, AccountKey>();

  const unwrap = (rec: KeyRecord): AccountKey => {
    const cached = cache.get(rec.keyId);
    if (cached) return cached;
    const material = gcmOpen(rootKey, rec.wrapped, kekAad(rec.keyId));
    const key: AccountKey = {
      keyId: rec.keyId,
      arn: keyArn(rec),
      accountId: rec.accountId,
      region: rec.region,
      material,
      managed: rec.alias === DEFAULT_KEY_ALIAS,
    };
    cache.set(rec.keyId, key);
    return key;
  };

  const newWrappedMaterial = (keyId: string): Buffer => {
    const material = randomBytes(32);
    try {
      return gcmSeal(rootKey, material, kekAad(keyId));
    } finally {
      material.fill(0);
    }
  };

  return {
    async defaultKey(accountId, region) {
      const aliasKey = `${accountId}/${region}`;
      const hit = byAlias.get(aliasKey);
      if (hit) return hit;
      let rec = await store.findKeyByAlias(accountId, region, DEFAULT_KEY_ALIAS);
      if (!rec) {
        const keyId = randomUUID();
        // insertKey returns the winner if another request or node created it first.
        rec = await store.insertKey({
          keyId,
          accountId,
          region,
          alias: DEFAULT_KEY_ALIAS,
          wrapped: newWrappedMaterial(keyId),
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
    newWrappedMaterial,
    forget(keyId) {
      // Not zeroed: a request in flight may still hold it; the key's own row is gone already.
      cache.delete(keyId);
    },
    usage: createKmsUsage(),
  };
}
