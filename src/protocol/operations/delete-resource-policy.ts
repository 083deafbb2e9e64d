import { defineOperation, str } from './define.js';

export default defineOperation('DeleteResourcePolicy', async (app, ctx, i) => {
  const r = await app.secrets.deleteResourcePolicy(ctx, str(i.SecretId)!);
  return { ARN: r.arn, Name: r.name };
});
