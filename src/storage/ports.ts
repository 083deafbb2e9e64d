/**
 * Storage ports. Everything above storage/ sees only these types; SQL never leaves this folder.
 * Implementations: sqlite/ (embedded default, also dev mode's in-memory store) and, later,
 * postgres/. Both must pass conformance/ (the contract suite).
 *
 * Invariants every implementation keeps:
 * - a staging label is attached to at most one version of a secret (primary key (secret, stage));
 * - a committed transaction is durable before `transaction()` resolves (fsync / synchronous commit);
 * - a transaction that throws leaves nothing behind.
 */
import type { SecretRecord, VersionRecord } from '../domain/secret.js';
import type { AuditStore } from './audit-ports.js';
import type { IamStore } from './iam-ports.js';
import type { KmsStore } from './kms-ports.js';
import type { ReplicationQueue, ReplicationTx } from './replication-ports.js';
import type { RotationStore } from './rotation-ports.js';

/** Which uniqueness rule refused a write. */
export type StoreConflict = 'secret-name' | 'secret-arn' | 'secret-id' | 'version' | 'access-key' | 'other';

/**
 * A uniqueness constraint refused a write (e.g. a second live secret with the same name). Every
 * implementation throws this, so callers can map races (two CreateSecret at once) the same way
 * on every backend.
 */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  constructor(
    readonly conflict: StoreConflict,
    options?: ErrorOptions,
  ) {
    super(`store conflict: ${conflict}`, options);
  }
}

export type SortBy = 'created-date' | 'last-accessed-date' | 'last-changed-date' | 'name';

/** One page of candidates in a stable order; filtering beyond account/region/deletion is the caller's. */
export type SecretScan = {
  accountId: string;
  region: string;
  includeDeleted: boolean;
  sortBy: SortBy;
  descending: boolean;
  /** Opaque position returned as `cursor` by a previous scan. */
  after?: string;
  limit: number;
  /** Optional pushed-down case-sensitive name prefix (an index range). */
  namePrefix?: string;
};

export type SecretScanPage = { secrets: SecretRecord[]; cursor?: string };

export type SecretReads = {
  /** The live (not purged) secret with this name in the account and region, deleted-scheduled included. */
  findByName(accountId: string, region: string, name: string): Promise<SecretRecord | undefined>;
  findByArn(arn: string): Promise<SecretRecord | undefined>;
  findById(id: string): Promise<SecretRecord | undefined>;
  getVersion(secretId: string, versionId: string): Promise<VersionRecord | undefined>;
  getVersionByStage(secretId: string, stage: string): Promise<VersionRecord | undefined>;
  /** Every version with its stages, newest first; `sealed` included. */
  listVersions(secretId: string): Promise<VersionRecord[]>;
  scanSecrets(q: SecretScan): Promise<SecretScanPage>;
  countSecrets(accountId: string, region: string): Promise<number>;
};

export type SecretWrites = {
  insertSecret(s: SecretRecord): Promise<void>;
  /** Rewrites every metadata column of the secret (not its versions). */
  updateSecret(s: SecretRecord): Promise<void>;
  /** Removes the secret, its versions and its labels (purge / force delete). */
  deleteSecret(secretId: string): Promise<void>;
  insertVersion(v: VersionRecord): Promise<void>;
  /** Fills the sealed value of an existing (placeholder) version. */
  setVersionValue(
    secretId: string,
    versionId: string,
    sealed: Uint8Array,
    kind: VersionRecord['kind'],
    kmsKeyIds: string[],
  ): Promise<void>;
  /** Replaces the secret's whole label map: stage → versionId. */
  setStages(secretId: string, stages: ReadonlyMap<string, string>): Promise<void>;
  deleteVersions(secretId: string, versionIds: readonly string[]): Promise<void>;
};

/**
 * Inside a transaction reads see the transaction's own writes. `lockSecret` takes the row lock
 * that serialises writers of one secret (FOR UPDATE on PostgreSQL; the single writer on SQLite).
 */
export type SecretTx = SecretReads &
  SecretWrites &
  ReplicationTx & { lockSecret(secretId: string): Promise<SecretRecord | undefined> };

export type KeyRecord = {
  keyId: string;
  accountId: string;
  region: string;
  alias?: string;
  /** Key material wrapped by the root key. */
  wrapped: Uint8Array;
  createdAt: number;
  enabled: boolean;
};

export type KeyStore = {
  findKeyByAlias(accountId: string, region: string, alias: string): Promise<KeyRecord | undefined>;
  findKey(keyId: string): Promise<KeyRecord | undefined>;
  /** Inserts unless a key with the same (account, region, alias) exists; returns the stored one. */
  insertKey(k: KeyRecord): Promise<KeyRecord>;
};

export type AccessKeyRecord = {
  accessKeyId: string;
  accountId: string;
  /** The principal this key belongs to, e.g. arn:aws:iam::123456789012:user/admin. */
  principalArn: string;
  userName: string;
  /** The secret access key sealed under the root key. */
  sealedSecret: Uint8Array;
  status: 'Active' | 'Inactive';
  createdAt: number;
};

export type CredentialStore = {
  findAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  insertAccessKey(k: AccessKeyRecord): Promise<void>;
  listAccessKeys(accountId: string): Promise<AccessKeyRecord[]>;
};

export type MetaStore = {
  getMeta(key: string): Promise<string | undefined>;
  /** Sets the value only if the key is absent; returns the value now stored. */
  initMeta(key: string, value: string): Promise<string>;
};

export type Store = SecretReads &
  KeyStore &
  CredentialStore &
  MetaStore &
  ReplicationQueue &
  AuditStore &
  IamStore &
  RotationStore &
  KmsStore & {
    transaction<T>(fn: (tx: SecretTx) => Promise<T>): Promise<T>;
    /** Records the day a version (and its secret) was last read; cheap, idempotent. */
    touchLastAccessed(secretId: string, versionId: string, day: number): Promise<void>;
    /** Secrets whose deletion date has passed (for the purge worker). */
    findDueDeletions(now: number, limit: number): Promise<SecretRecord[]>;
    ping(): Promise<void>;
    close(): Promise<void>;
  };
