import { ServiceError } from '../../domain/errors.js';
import type { ReplicaStatus, SecretRecord, VersionRecord } from '../../domain/secret.js';
import type { SecretTx } from '../../storage/ports.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { resolveKmsKey } from '../secrets/kms-key.js';
import { DEFAULT_KMS_KEY_IDS, type PlainValue, sealValue } from '../secrets/value.js';
import { labelMapOf } from '../secrets/write-version.js';
import { isReplica } from './guards.js';
import { replicaArnOf, SYNCED_MESSAGE } from './regions.js';

/** A consistent read of the primary, taken once per job, with its values already opened. */
export type PrimarySnapshot = { secret: SecretRecord; versions: VersionRecord[]; values: Map<string, PlainValue> };

/** What one region's sync did: its status before (in the transaction) and after. */
export type ReplicaOutcome = { replicaArn: string; before: ReplicaStatus['Status']; after: ReplicaStatus };

/** The worker acts as the service itself: no caller, the secret's account, the replica's region. */
const serviceContext = (accountId: string, region: string, now: number): RequestContext => ({
  principal: {
    accountId,
    arn: 'arn:aws:iam::aws:service/secretsmanager.amazonaws.com',
    type: 'Root',
    userName: 'secretsmanager.amazonaws.com',
    accessKeyId: '',
    isAdmin: true,
  },
  region,
  requestId: 'replication',
  sourceIp: 'secretsmanager.amazonaws.com',
  secureTransport: true,
  now,
});

/**
 * Copies the primary's full state into one replica region, in one transaction (an idempotent
 * full sync: repeating it changes nothing). Values are re-sealed beforehand under the replica
 * region's own key, bound to the replica's ARN. Returns undefined when the region was removed,
 * promoted or re-requested with another key meanwhile: a newer job owns it then.
 */
export async function syncReplica(
  d: SecretsDeps,
  p: PrimarySnapshot,
  target: ReplicaStatus,
  now: number,
): Promise<ReplicaOutcome | undefined> {
  const replicaArn = replicaArnOf(p.secret.arn, target.Region);
  try {
    return await copyInto(d, p, target, replicaArn, now);
  } catch (e) {
    if (e instanceof Superseded) return undefined;
    throw e;
  }
}

async function copyInto(
  d: SecretsDeps,
  p: PrimarySnapshot,
  target: ReplicaStatus,
  replicaArn: string,
  now: number,
): Promise<ReplicaOutcome> {
  const region = target.Region;
  let kmsKeyId: string | undefined;
  try {
    kmsKeyId = await resolveKmsKey(d, serviceContext(p.secret.accountId, region, now), target.KmsKeyId);
  } catch (e) {
    // A key the replica region cannot use (e.g. disabled since the request): the region fails.
    if (!(e instanceof ServiceError)) throw e;
    const message = `Replication failed: ${e.message}`;
    return d.store.transaction(async (tx) =>
      setStatus(tx, await lockPrimary(tx, p.secret, target), target, replicaArn, failed(message)),
    );
  }
  const draft = replicaRecord(p.secret, { id: '', region, arn: replicaArn, kmsKeyId, createdAt: now });
  const sealed = new Map<string, Uint8Array>();
  for (const v of p.versions) {
    const value = p.values.get(v.versionId);
    if (value) sealed.set(v.versionId, await sealValue(d, draft, v.versionId, value));
  }
  return d.store.transaction(async (tx) => {
    // The primary first, as every writer of a primary and its replicas locks them.
    const primary = await lockPrimary(tx, p.secret, target);
    const existing = await tx.findByName(p.secret.accountId, region, p.secret.name);
    const ours = existing && existing.arn === replicaArn && existing.primaryRegion === p.secret.region;
    const overwrite = await tx.takeReplicaOverwrite(p.secret.id, region);
    if (existing && !ours) {
      const refusal = conflict(existing, region, overwrite);
      if (refusal) return setStatus(tx, primary, target, replicaArn, failed(refusal));
      await tx.deleteSecret(existing.id);
    }
    const replica = ours
      ? { ...draft, id: existing.id, createdAt: existing.createdAt, lastAccessedAt: existing.lastAccessedAt }
      : { ...draft, id: d.ids.uuid() };
    if (ours) await tx.updateSecret(replica);
    else await tx.insertSecret(replica);
    await copyVersions(tx, replica.id, p.versions, sealed, ours ? existing.kmsKeyId !== kmsKeyId : false, kmsKeyId);
    const synced: ReplicaStatus = { ...target, Status: 'InSync', StatusMessage: SYNCED_MESSAGE };
    if (replica.lastAccessedAt !== undefined) synced.LastAccessedDate = replica.lastAccessedAt;
    return setStatus(tx, primary, target, replicaArn, synced);
  });
}

/** The replica's metadata: the primary's, with its own id, region, ARN, key and creation date. */
function replicaRecord(
  primary: SecretRecord,
  own: { id: string; region: string; arn: string; kmsKeyId?: string; createdAt: number },
): SecretRecord {
  return {
    ...primary,
    ...own,
    lastAccessedAt: undefined,
    deletedAt: undefined,
    deletionDate: undefined,
    primaryRegion: primary.region,
    replicas: [],
  };
}

/**
 * Why a same-name secret in the target region blocks the replica (undefined: overwrite it).
 * A replica of another primary, or a primary with replicas of its own, is never overwritten:
 * AWS refuses the first even with ForceOverwriteReplicaSecret; the second would strand replicas.
 */
function conflict(existing: SecretRecord, region: string, overwrite: boolean): string | undefined {
  if (isReplica(existing)) {
    return `Replication failed: Secret name ${existing.name} is currently replicated to ${region} with a different arn`;
  }
  if (!overwrite || existing.replicas.length > 0) {
    return `Replication failed: Secret name ${existing.name} already exists in region ${region}.`;
  }
  return undefined;
}

const failed = (message: string) => ({ Status: 'Failed' as const, StatusMessage: message });

/** Same versions (ids, dates, kinds) and the same labels as the primary; extra versions go. */
async function copyVersions(
  tx: SecretTx,
  replicaId: string,
  versions: readonly VersionRecord[],
  sealed: ReadonlyMap<string, Uint8Array>,
  keyChanged: boolean,
  kmsKeyId: string | undefined,
): Promise<void> {
  const kmsKeyIds = kmsKeyId ? [kmsKeyId] : DEFAULT_KMS_KEY_IDS;
  const have = new Map((await tx.listVersions(replicaId)).map((v) => [v.versionId, v]));
  const wanted = new Set(versions.map((v) => v.versionId));
  const extra = [...have.keys()].filter((id) => !wanted.has(id));
  if (extra.length) await tx.deleteVersions(replicaId, extra);
  for (const v of versions) {
    const value = sealed.get(v.versionId);
    const mine = have.get(v.versionId);
    if (!mine) {
      const copy: VersionRecord = {
        secretId: replicaId,
        versionId: v.versionId,
        createdAt: v.createdAt,
        stages: [],
        kmsKeyIds,
      };
      if (value) Object.assign(copy, { sealed: value, kind: v.kind });
      await tx.insertVersion(copy);
    } else if (value && (!mine.sealed || keyChanged)) {
      await tx.setVersionValue(replicaId, v.versionId, value, v.kind, kmsKeyIds);
    }
  }
  await tx.setStages(replicaId, labelMapOf(versions));
}

/**
 * Locks the primary as it stands now; Superseded (roll back, do nothing) if the region is gone,
 * or was re-requested with another key, since the snapshot: a newer job owns it then.
 */
async function lockPrimary(tx: SecretTx, primary: SecretRecord, target: ReplicaStatus): Promise<SecretRecord> {
  const locked = await tx.lockSecret(primary.id);
  const entry = locked?.replicas.find((r) => r.Region === target.Region);
  if (!locked || !entry || entry.KmsKeyId !== target.KmsKeyId) throw new Superseded();
  return locked;
}

/** Records the region's new status on the (locked) primary, keeping every other field as it is. */
async function setStatus(
  tx: SecretTx,
  locked: SecretRecord,
  target: ReplicaStatus,
  replicaArn: string,
  status: Partial<ReplicaStatus>,
): Promise<ReplicaOutcome> {
  const entry = locked.replicas.find((r) => r.Region === target.Region)!;
  const after: ReplicaStatus = { Region: entry.Region, KmsKeyId: entry.KmsKeyId, ...status } as ReplicaStatus;
  await tx.updateSecret({ ...locked, replicas: locked.replicas.map((r) => (r === entry ? after : r)) });
  return { replicaArn, before: entry.Status, after };
}

/** Thrown inside the transaction to roll back a sync that a newer request made moot. */
export class Superseded extends Error {
  override readonly name = 'Superseded';
}
