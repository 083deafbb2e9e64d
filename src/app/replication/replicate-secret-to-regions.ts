import { Errors } from '../../domain/errors.js';
import type { ReplicaStatus } from '../../domain/secret.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { assertNotDeleted, authorizedSecret } from '../secrets/lookup.js';
import { assertNotReplica } from './guards.js';
import { type ReplicaRegionInput, regionsOf, validateReplicaRegions, withReplicaRegions } from './regions.js';

export type ReplicateCommand = {
  secretId: string;
  addReplicaRegions: ReplicaRegionInput[];
  forceOverwriteReplicaSecret?: boolean;
};

export type ReplicationResult = { arn: string; replicationStatus: ReplicaStatus[] };

/**
 * Makes the secret a primary replicated to the given regions. Returns at once with the regions
 * InProgress: the copy is made by the replication worker, which the same transaction enqueues.
 */
export async function replicateSecretToRegions(
  d: SecretsDeps,
  ctx: RequestContext,
  c: ReplicateCommand,
): Promise<ReplicationResult> {
  const force = c.forceOverwriteReplicaSecret === true;
  const secret = await authorizedSecret(d, ctx, c.secretId, 'secretsmanager:ReplicateSecretToRegions', {
    'secretsmanager:AddReplicaRegions': regionsOf(c.addReplicaRegions),
    'secretsmanager:ForceOverwriteReplicaSecret': force,
  });
  assertNotReplica(secret);
  assertNotDeleted(secret);
  await validateReplicaRegions(d, ctx, c.addReplicaRegions);
  const replicas = await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    assertNotReplica(locked);
    assertNotDeleted(locked);
    const next = withReplicaRegions(locked.replicas, c.addReplicaRegions);
    await tx.updateSecret({ ...locked, primaryRegion: locked.region, replicas: next });
    await tx.enqueueReplication(locked.id, force ? regionsOf(c.addReplicaRegions) : []);
    return next;
  });
  return { arn: secret.arn, replicationStatus: replicas };
}
