import { parseSecretArn } from '../../domain/arn.js';
import { Errors } from '../../domain/errors.js';
import type { ReplicaStatus } from '../../domain/secret.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { resolveKmsKey } from '../secrets/kms-key.js';

/** How AWS reports a replica under its region's default key (AWS CLI examples). */
export const DEFAULT_REPLICA_KEY = 'alias/aws/secretsmanager';
export const SYNCED_MESSAGE = 'Replication succeeded';

/** One AddReplicaRegions entry as decoded (the model marks neither member required). */
export type ReplicaRegionInput = { Region?: string; KmsKeyId?: string };

/** A replica's ARN is its primary's with only the region changed (same name, same suffix). */
export function replicaArnOf(primaryArn: string, region: string): string {
  const a = parseSecretArn(primaryArn);
  if (!a) throw new Error(`not a secret ARN: ${primaryArn}`);
  return `arn:${a.partition}:secretsmanager:${region}:${a.accountId}:secret:${a.resource}`;
}

/**
 * Checks AddReplicaRegions before anything changes (as moto does: all or nothing): a missing,
 * repeated, or primary region is "Invalid replica region."; each KmsKeyId must be a key usable
 * in the replica's own region (a key of another region is refused like any unusable key).
 */
export async function validateReplicaRegions(
  d: SecretsDeps,
  ctx: RequestContext,
  add: readonly ReplicaRegionInput[],
): Promise<void> {
  const seen = new Set<string>();
  for (const r of add) {
    if (!r.Region || r.Region === ctx.region || seen.has(r.Region)) throw Errors.invalidReplicaRegion();
    seen.add(r.Region);
  }
  for (const r of add) await resolveKmsKey(d, { ...ctx, region: r.Region! }, r.KmsKeyId);
}

/**
 * The primary's replica list after adding `add`: new regions are appended, regions already
 * listed are updated in place (a new KmsKeyId is how a replica's key changes, decision 19);
 * either way they are InProgress until the worker has synced them.
 */
export function withReplicaRegions(current: readonly ReplicaStatus[], add: readonly ReplicaRegionInput[]) {
  const pending = (r: ReplicaRegionInput): ReplicaStatus => ({
    Region: r.Region!,
    KmsKeyId: r.KmsKeyId || DEFAULT_REPLICA_KEY,
    Status: 'InProgress',
  });
  const byRegion = new Map(add.map((r) => [r.Region!, r]));
  const kept = current.map((s) => {
    const again = byRegion.get(s.Region);
    return again ? pending(again) : s;
  });
  const added = add.filter((r) => !current.some((s) => s.Region === r.Region)).map(pending);
  return [...kept, ...added];
}

export const regionsOf = (add: readonly ReplicaRegionInput[]): string[] => add.map((r) => r.Region ?? '');
