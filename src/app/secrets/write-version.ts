import { Errors } from '../../domain/errors.js';
import { type LabelMap, labelsForNewVersion, stagesByVersion } from '../../domain/labels.js';
import type { SecretRecord, ValueKind, VersionRecord } from '../../domain/secret.js';
import { DAY_MS } from '../../lib/clock.js';
import type { SecretTx } from '../../storage/ports.js';
import { enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import type { SecretKey } from './kms-key.js';
import { assertNotDeleted } from './lookup.js';
import { type PlainValue, sameValue, sealWith } from './value.js';
import { emitPerVersion } from './version-events.js';

export const MAX_VERSIONS = 100;

export type WrittenVersion = { versionId: string; stages: string[]; created: boolean };

export const labelMapOf = (versions: readonly VersionRecord[]): LabelMap => {
  const m: LabelMap = new Map();
  for (const v of versions) for (const s of v.stages) m.set(s, v.versionId);
  return m;
};

/** A new version's value, sealed before the transaction that stores it (no I/O inside one). */
export type NewVersion = { versionId: string; kind: ValueKind; sealed: Uint8Array; kmsKeyIds: string[] };

/** A version stored by storeVersion, and the deprecated versions pruned to make room for it. */
export type StoredVersion = { written: WrittenVersion; pruned: string[] };

/**
 * Thrown inside the transaction when another request (on this node or another) stored the same
 * token between the check and the lock: the transaction rolls back whole, and raceWinner decides.
 */
export class VersionRaced extends Error {
  constructor() {
    super('another request wrote this version first');
  }
}

/**
 * What a token that already names a version means before anything is written: the same value
 * is an idempotent retry (the version as it is, nothing to write); another value is
 * ResourceExistsException. Undefined when the token is new or names an empty placeholder
 * (rotation's AWSPENDING), which the write fills.
 */
export async function existingVersion(
  d: SecretsDeps,
  secret: SecretRecord,
  token: string,
  value: PlainValue,
): Promise<WrittenVersion | undefined> {
  const existing = await d.store.getVersion(secret.id, token);
  if (!existing?.sealed) return undefined;
  if (!(await sameValue(d, secret, existing, value))) throw Errors.versionImmutable();
  return { versionId: token, stages: existing.stages, created: false };
}

/** Seals `value` as version `token` under the key the request resolved (before any transaction). */
export function sealVersion(
  d: SecretsDeps,
  key: SecretKey,
  secret: SecretRecord,
  token: string,
  value: PlainValue,
): NewVersion {
  const { sealed, kmsKeyIds } = sealWith(d, key, secret, token, value);
  return { versionId: token, kind: value.kind, sealed, kmsKeyIds };
}

/** The locked secret inside a transaction; gone or scheduled for deletion meanwhile is refused. */
export async function lockLiveSecret(tx: SecretTx, secretId: string): Promise<SecretRecord> {
  const locked = await tx.lockSecret(secretId);
  if (!locked) throw Errors.secretNotFound();
  assertNotDeleted(locked);
  return locked;
}

/**
 * Inside a transaction holding the secret's lock: stores `v`, moves the labels (re-read here,
 * under the lock), and prunes deprecated versions past the quota, oldest first, never a
 * labelled one or one younger than 24 hours. If none can go it throws LimitExceededException
 * and the whole transaction, whatever else it wrote, rolls back. The caller updates the secret
 * row and announces `pruned` once committed.
 */
export async function storeVersion(
  d: SecretsDeps,
  tx: SecretTx,
  secretId: string,
  v: NewVersion,
  stages: readonly string[] | undefined,
  now: number,
): Promise<StoredVersion> {
  const versions = await tx.listVersions(secretId);
  const labels = labelsForNewVersion(labelMapOf(versions), v.versionId, stages);
  const placeholder = versions.find((x) => x.versionId === v.versionId);
  if (placeholder?.sealed) throw new VersionRaced();
  if (placeholder) {
    await tx.setVersionValue(secretId, v.versionId, v.sealed, v.kind, v.kmsKeyIds);
  } else {
    await tx.insertVersion({
      secretId,
      versionId: v.versionId,
      createdAt: now,
      stages: [],
      kmsKeyIds: v.kmsKeyIds,
      sealed: v.sealed,
      kind: v.kind,
    });
  }
  await tx.setStages(secretId, labels);
  const count = versions.length + (placeholder ? 0 : 1);
  const pruned = await pruneDeprecated(tx, secretId, count, labels, versions, now, d.maxVersions);
  return {
    written: { versionId: v.versionId, stages: stagesByVersion(labels).get(v.versionId) ?? [], created: true },
    pruned,
  };
}

/**
 * After VersionRaced: a retry of the request that wrote first succeeds if the value is the same,
 * as if it had come second (AWS: the request is ignored); another value is ResourceExistsException.
 */
export async function raceWinner(
  d: SecretsDeps,
  secret: SecretRecord,
  token: string,
  value: PlainValue,
): Promise<WrittenVersion> {
  const winner = await d.store.getVersion(secret.id, token);
  if (!winner?.sealed || !(await sameValue(d, secret, winner, value))) throw Errors.versionImmutable();
  return { versionId: token, stages: winner.stages, created: false };
}

/** Each pruned version announced (SecretVersionDeletion), once its transaction has committed. */
export const announcePruned = (d: SecretsDeps, secret: SecretRecord, pruned: string[], now: number) =>
  emitPerVersion(d.events, 'SecretVersionDeletion', secret.arn, pruned, now);

/**
 * Writes `value` as version `token` of `secret`, AWS-style, sealed under `key` (the key the
 * request resolved and checked, sealingKeyOf):
 * - a token naming an existing version with the same value is a no-op (idempotent retry); with
 *   another value it is ResourceExistsException; an empty placeholder (rotation's AWSPENDING)
 *   is filled;
 * - the value is sealed before the transaction (no I/O inside it); labels move in one
 *   transaction that re-reads the current labels under the secret's lock (storeVersion).
 */
export async function writeVersion(
  d: SecretsDeps,
  secret: SecretRecord,
  key: SecretKey,
  token: string,
  value: PlainValue,
  stages: readonly string[] | undefined,
  now: number,
): Promise<WrittenVersion> {
  const existing = await existingVersion(d, secret, token, value);
  if (existing) return existing;
  const v = sealVersion(d, key, secret, token, value);
  let stored: StoredVersion;
  try {
    stored = await d.store.transaction(async (tx) => {
      const locked = await lockLiveSecret(tx, secret.id);
      const s = await storeVersion(d, tx, secret.id, v, stages, now);
      await tx.updateSecret({ ...locked, lastChangedAt: now });
      await enqueueReplicaSync(tx, locked);
      return s;
    });
  } catch (e) {
    if (e instanceof VersionRaced) return raceWinner(d, secret, token, value);
    throw e;
  }
  await announcePruned(d, secret, stored.pruned, now);
  return stored.written;
}

async function pruneDeprecated(
  tx: SecretTx,
  secretId: string,
  count: number,
  labels: LabelMap,
  before: readonly VersionRecord[],
  now: number,
  max = MAX_VERSIONS,
): Promise<string[]> {
  if (count <= max) return [];
  const labelled = new Set(labels.values());
  const purgeable = before
    .filter((v) => !labelled.has(v.versionId) && now - v.createdAt >= DAY_MS)
    .sort((a, b) => a.createdAt - b.createdAt);
  const excess = count - max;
  if (purgeable.length < excess) throw Errors.versionQuota();
  const ids = purgeable.slice(0, excess).map((v) => v.versionId);
  await tx.deleteVersions(secretId, ids);
  return ids;
}
