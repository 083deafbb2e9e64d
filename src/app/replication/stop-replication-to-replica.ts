import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { authorizedSecret } from '../secrets/lookup.js';
import { isReplica } from './guards.js';
import { replicaArnOf } from './regions.js';

/**
 * Promotes a replica to a standalone secret in its own region (called in the replica's region,
 * decision 21): it keeps its ARN, versions and value, becomes writable, and its primary stops
 * listing it in the same transaction, so later primary changes no longer reach it. Called on
 * anything that is not a replica (the primary itself, in the primary's region) it fails.
 */
export async function stopReplicationToReplica(
  d: SecretsDeps,
  ctx: RequestContext,
  secretId: string,
): Promise<{ arn: string }> {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:StopReplicationToReplica');
  if (!isReplica(secret)) throw Errors.notAReplica();
  await d.store.transaction(async (tx) => {
    // The primary first, then the replica: the order every writer of both follows.
    const found = await tx.findByArn(replicaArnOf(secret.arn, secret.primaryRegion!));
    const primary = found && (await tx.lockSecret(found.id));
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    if (!isReplica(locked)) throw Errors.notAReplica();
    if (primary) {
      const replicas = primary.replicas.filter((r) => r.Region !== locked.region);
      await tx.takeReplicaOverwrite(primary.id, locked.region);
      await tx.updateSecret({ ...primary, replicas, primaryRegion: replicas.length ? primary.region : undefined });
    }
    await tx.updateSecret({ ...locked, primaryRegion: undefined, replicas: [] });
  });
  return { arn: secret.arn };
}
