import { defineOperation, str } from './define.js';

export default defineOperation('StopReplicationToReplica', async (app, ctx, i) => {
  const r = await app.replication.stopReplicationToReplica(ctx, str(i.SecretId)!);
  return { ARN: r.arn };
});
