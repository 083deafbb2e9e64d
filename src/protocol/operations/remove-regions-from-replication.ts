import { replicationStatus } from '../shapes.js';
import { defineOperation, list, str } from './define.js';

export default defineOperation('RemoveRegionsFromReplication', async (app, ctx, i) => {
  const r = await app.replication.removeRegionsFromReplication(ctx, {
    secretId: str(i.SecretId)!,
    removeReplicaRegions: list<string>(i.RemoveReplicaRegions) ?? [],
  });
  // Present even when empty: AWS's example answers "ReplicationStatus": [] once the last replica is gone.
  return { ARN: r.arn, ReplicationStatus: replicationStatus(r.replicationStatus) };
});
