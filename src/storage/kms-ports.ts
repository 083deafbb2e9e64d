/**
 * Storage port of the KMS API (customer-managed keys and aliases). The key material itself stays
 * in `kms_keys.wrapped` (KeyStore): this port adds the metadata KMS reports and the aliases.
 *
 * Implementations: sqlite/kms-keys.ts. PostgreSQL does not implement it yet, so `Store` carries it
 * as `Partial<KmsStore>` and callers go through `kmsStoreOf`, which names the gap clearly.
 */
import type { KeyRecord } from './ports.js';

export type KmsKeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';
export type KmsKeyManager = 'AWS' | 'CUSTOMER';
export type KmsTag = { TagKey: string; TagValue: string };

/** A key as KMS describes it. `alias` (KeyRecord) is only set on AWS managed keys (aws/secretsmanager). */
export type KmsKeyRecord = KeyRecord & {
  description: string;
  keySpec: string;
  keyUsage: string;
  keyManager: KmsKeyManager;
  state: KmsKeyState;
  /** Epoch ms; set while PendingDeletion. */
  deletionDate?: number;
  pendingWindowDays?: number;
  /** The key policy document (returned by GetKeyPolicy; evaluated for every kms:* use of the key). */
  policy: string;
  tags: KmsTag[];
};

export type KmsAliasRecord = {
  accountId: string;
  region: string;
  /** `alias/<name>`. */
  aliasName: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
};

export type KmsKeyStateChange = {
  keyId: string;
  state: KmsKeyState;
  enabled: boolean;
  deletionDate?: number;
  pendingWindowDays?: number;
};

export type KmsStore = {
  /** Inserts a customer-managed key with its metadata (a new key id: never conflicts). */
  insertKmsKey(k: KmsKeyRecord): Promise<void>;
  /** Any key of the table (AWS managed keys get defaults for the metadata they never had). */
  findKmsKey(keyId: string): Promise<KmsKeyRecord | undefined>;
  /** Keys of an account and region, by key id, from `after` (exclusive). */
  listKmsKeys(accountId: string, region: string, after: string | undefined, limit: number): Promise<KmsKeyRecord[]>;
  setKmsKeyState(change: KmsKeyStateChange): Promise<void>;
  setKmsKeyDescription(keyId: string, description: string): Promise<void>;
  /** Replaces the key policy (PutKeyPolicy); read back by the next findKmsKey on any node. */
  setKmsKeyPolicy(keyId: string, policy: string): Promise<void>;
  /** Removes keys whose deletion date has passed, with their aliases; returns their ids. */
  purgeKmsKeys(now: number): Promise<string[]>;
  /** Inserts; false if the alias name is taken in the account and region. */
  insertKmsAlias(a: KmsAliasRecord): Promise<boolean>;
  findKmsAlias(accountId: string, region: string, aliasName: string): Promise<KmsAliasRecord | undefined>;
  /** Aliases of an account and region (optionally of one key), by name, from `after` (exclusive). */
  listKmsAliases(
    accountId: string,
    region: string,
    q: { keyId?: string; after?: string; limit: number },
  ): Promise<KmsAliasRecord[]>;
  /** Points an existing alias at another key; false if the alias does not exist. */
  updateKmsAlias(
    accountId: string,
    region: string,
    aliasName: string,
    targetKeyId: string,
    now: number,
  ): Promise<boolean>;
  deleteKmsAlias(accountId: string, region: string, aliasName: string): Promise<boolean>;
};

const KMS_METHODS: readonly (keyof KmsStore)[] = [
  'insertKmsKey',
  'findKmsKey',
  'listKmsKeys',
  'setKmsKeyState',
  'setKmsKeyDescription',
  'setKmsKeyPolicy',
  'purgeKmsKeys',
  'insertKmsAlias',
  'findKmsAlias',
  'listKmsAliases',
  'updateKmsAlias',
  'deleteKmsAlias',
];

/** The store's KMS part, or an error naming the backend gap (PostgreSQL until it implements it). */
export function kmsStoreOf(store: Partial<KmsStore>): KmsStore {
  for (const m of KMS_METHODS) {
    if (typeof store[m] !== 'function') {
      throw new Error('this storage backend does not implement KMS keys yet (storage/kms-ports.ts)');
    }
  }
  return store as KmsStore;
}

export const hasKmsStore = (store: Partial<KmsStore>): boolean =>
  KMS_METHODS.every((m) => typeof store[m] === 'function');
