import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { SecretRecord, VersionRecord } from '../../domain/secret.js';
import type { SecretTx, Store } from '../ports.js';

/** Builders and helpers shared by the contract cases. */
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const OTHER_REGION = 'eu-west-1';
export const T0 = Date.UTC(2024, 0, 1);
export const DAY = 86_400_000;

let seq = 0;

export const arnFor = (accountId: string, region: string, name: string): string =>
  `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${randomUUID().slice(0, 6)}`;

/** A secret with only the required fields set (plus any overrides). */
export function aSecret(over: Partial<SecretRecord> = {}): SecretRecord {
  seq += 1;
  const accountId = over.accountId ?? ACCOUNT;
  const region = over.region ?? REGION;
  const name = over.name ?? `secret-${seq}`;
  return {
    id: randomUUID(),
    accountId,
    region,
    name,
    arn: arnFor(accountId, region, name),
    createdAt: T0 + seq,
    rotationEnabled: false,
    tags: [],
    replicas: [],
    ...over,
  };
}

/** A secret with every optional field set, to prove each column round-trips. */
export function aFullSecret(over: Partial<SecretRecord> = {}): SecretRecord {
  return aSecret({
    description: 'the description',
    kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abc',
    lastChangedAt: T0 + 10,
    lastAccessedAt: T0 + DAY,
    deletedAt: T0 + 20,
    deletionDate: T0 + 30 * DAY,
    rotationEnabled: true,
    rotationLambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate',
    rotationRules: { AutomaticallyAfterDays: 30, Duration: '2h', ScheduleExpression: 'rate(10 days)' },
    lastRotatedAt: T0 + 40,
    nextRotationAt: T0 + 50,
    tags: [
      { Key: 'team', Value: 'payments' },
      { Key: 'ünïcødé', Value: '🔑' },
    ],
    resourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
    owningService: 'rds',
    type: 'custom-type',
    externalRotationMetadata: [{ Key: 'k', Value: 'v' }],
    externalRotationRoleArn: 'arn:aws:iam::111122223333:role/rotator',
    primaryRegion: 'us-east-1',
    replicas: [
      { Region: 'eu-west-1', Status: 'InSync', KmsKeyId: 'alias/x', LastAccessedDate: T0 },
      { Region: 'ap-south-1', Status: 'Failed', StatusMessage: 'no' },
    ],
    ...over,
  });
}

export function aVersion(secretId: string, over: Partial<VersionRecord> = {}): VersionRecord {
  return {
    secretId,
    versionId: randomUUID(),
    createdAt: T0,
    stages: [],
    kmsKeyIds: ['arn:aws:kms:us-east-1:111122223333:key/abc'],
    sealed: Uint8Array.from([1, 2, 3, 250, 0, 255]),
    kind: 'string',
    ...over,
  };
}

/** An empty version (rotation's AWSPENDING before the value arrives): no sealed value, no kind. */
export function aPlaceholder(secretId: string, over: Partial<VersionRecord> = {}): VersionRecord {
  const v = aVersion(secretId, over);
  delete v.sealed;
  delete v.kind;
  return v;
}

export const stageMap = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));

/** Inserts secrets and versions in one transaction. */
export async function seed(store: Store, secrets: SecretRecord[], versions: VersionRecord[] = []): Promise<void> {
  await store.transaction(async (tx) => {
    for (const s of secrets) await tx.insertSecret(s);
    for (const v of versions) await tx.insertVersion(v);
  });
}

export const write = <T>(store: Store, fn: (tx: SecretTx) => Promise<T>): Promise<T> => store.transaction(fn);

export const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** A fresh store per test, closed after it. */
export function useFreshStore(make: () => Promise<Store>): { readonly store: Store } {
  let current: Store | undefined;
  beforeEach(async () => {
    current = await make();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    get store(): Store {
      if (!current) throw new Error('no store outside a test');
      return current;
    },
  };
}

/** A promise plus its resolver, to hold a transaction open at a chosen point. */
export function latch(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}
