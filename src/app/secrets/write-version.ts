import { Errors } from '../../domain/errors.js';
import { type LabelMap, labelsForNewVersion, stagesByVersion } from '../../domain/labels.js';
import type { SecretRecord, VersionRecord } from '../../domain/secret.js';
import { DAY_MS } from '../../lib/clock.js';
import type { SecretTx } from '../../storage/ports.js';
import { enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import { assertNotDeleted } from './lookup.js';
import { type PlainValue, sameValue, sealForSecret } from './value.js';
import { emitPerVersion } from './version-events.js';

export const MAX_VERSIONS = 100;

export type WrittenVersion = { versionId: string; stages: string[]; created: boolean };

export const labelMapOf = (versions: readonly VersionRecord[]): LabelMap => {
  const m: LabelMap = new Map();
  for (const v of versions) for (const s of v.stages) m.set(s, v.versionId);
  return m;
};

/**
 * Writes `value` as version `token` of `secret`, AWS-style:
 * - a token naming an existing version with the same value is a no-op (idempotent retry); with
 *   another value it is ResourceExistsException; an empty placeholder (rotation's AWSPENDING)
 *   is filled;
 * - the value is sealed before the transaction (no I/O inside it); labels move in one
 *   transaction that re-reads the current labels under the secret's lock;
 * - deprecated versions past the quota are pruned, oldest first, never a labelled one or one
 *   younger than 24 hours; if none can go, the write fails. Each pruned version is announced
 *   (SecretVersionDeletion) once the transaction has committed.
 */
export async function writeVersion(
  d: SecretsDeps,
  secret: SecretRecord,
  token: string,
  value: PlainValue,
  stages: readonly string[] | undefined,
  now: number,
): Promise<WrittenVersion> {
  const existing = await d.store.getVersion(secret.id, token);
  if (existing?.sealed) {
    if (!(await sameValue(d, secret, existing, value))) throw Errors.versionImmutable();
    return { versionId: token, stages: existing.stages, created: false };
  }
  const { sealed, kmsKeyIds } = await sealForSecret(d, secret, token, value, now);
  let pruned: string[] = [];
  const written = await d.store.transaction(async (tx): Promise<WrittenVersion | undefined> => {
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    assertNotDeleted(locked);
    const versions = await tx.listVersions(secret.id);
    const labels = labelsForNewVersion(labelMapOf(versions), token, stages);
    const placeholder = versions.find((v) => v.versionId === token);
    if (placeholder?.sealed) return undefined; // raced with the same token: decided below
    if (placeholder) {
      await tx.setVersionValue(secret.id, token, sealed, value.kind, kmsKeyIds);
    } else {
      await tx.insertVersion({
        secretId: secret.id,
        versionId: token,
        createdAt: now,
        stages: [],
        kmsKeyIds,
        sealed,
        kind: value.kind,
      });
    }
    await tx.setStages(secret.id, labels);
    const count = versions.length + (placeholder ? 0 : 1);
    pruned = await pruneDeprecated(tx, secret.id, count, labels, versions, now, d.maxVersions);
    await tx.updateSecret({ ...locked, lastChangedAt: now });
    await enqueueReplicaSync(tx, locked);
    return { versionId: token, stages: stagesByVersion(labels).get(token) ?? [], created: true };
  });
  if (written) {
    await emitPerVersion(d.events, 'SecretVersionDeletion', secret.arn, pruned, now);
    return written;
  }
  // Another request with the same token (on this node or another) wrote first: a retry of it
  // succeeds if the value is the same, as if it had come second (AWS: the request is ignored).
  const winner = await d.store.getVersion(secret.id, token);
  if (!winner?.sealed || !(await sameValue(d, secret, winner, value))) throw Errors.versionImmutable();
  return { versionId: token, stages: winner.stages, created: false };
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
