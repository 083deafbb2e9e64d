import type { ReplicaRegionInput } from '../../app/replication/regions.js';
import { replicationStatus } from '../shapes.js';
import { bool, defineOperation, list, str } from './define.js';

export default defineOperation('ReplicateSecretToRegions', async (app, ctx, i) => {
  const r = await app.replication.replicateSecretToRegions(ctx, {
    secretId: str(i.SecretId)!,
    addReplicaRegions: list<ReplicaRegionInput>(i.AddReplicaRegions) ?? [],
    forceOverwriteReplicaSecret: bool(i.ForceOverwriteReplicaSecret),
  });
  return { ARN: r.arn, ReplicationStatus: replicationStatus(r.replicationStatus) };
});
