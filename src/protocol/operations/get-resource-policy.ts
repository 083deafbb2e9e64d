import { defineOperation, str } from './define.js';

export default defineOperation('GetResourcePolicy', async (app, ctx, i) => {
  const r = await app.secrets.getResourcePolicy(ctx, str(i.SecretId)!);
  return { ARN: r.arn, Name: r.name, ResourcePolicy: r.policy };
});
