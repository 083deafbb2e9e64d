import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { assertNotDeleted, authorizedSecret } from '../secrets/lookup.js';
import { assertNotReplica } from './guards.js';
import { replicaArnOf } from './regions.js';
import type { ReplicationResult } from './replicate-secret-to-regions.js';

export type RemoveRegionsCommand = { secretId: string; removeReplicaRegions: string[] };

/**
 * Deletes the replicas in the given regions at once, with no recovery window (decision 21), and
 * drops them from the primary's list in the same transaction. Regions not replicated are
 * ignored, so the call is idempotent. A secret left with no replica stops being a primary.
 */
export async function removeRegionsFromReplication(
  d: SecretsDeps,
  ctx: RequestContext,
  c: RemoveRegionsCommand,
): Promise<ReplicationResult> {
  const secret = await authorizedSecret(d, ctx, c.secretId, 'secretsmanager:RemoveRegionsFromReplication');
  assertNotReplica(secret);
  assertNotDeleted(secret);
  const gone = new Set(c.removeReplicaRegions);
  const replicas = await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    assertNotReplica(locked);
    const removed = locked.replicas.filter((r) => gone.has(r.Region));
    if (removed.length === 0) return locked.replicas;
    for (const { Region } of removed) {
      await tx.takeReplicaOverwrite(locked.id, Region);
      const replica = await tx.findByArn(replicaArnOf(locked.arn, Region));
      // Only our own replica: a Failed region may hold someone else's same-name secret.
      if (replica && replica.primaryRegion === locked.region) await tx.deleteSecret(replica.id);
    }
    const next = locked.replicas.filter((r) => !gone.has(r.Region));
    await tx.updateSecret({ ...locked, replicas: next, primaryRegion: next.length ? locked.region : undefined });
    return next;
  });
  return { arn: secret.arn, replicationStatus: replicas };
}
