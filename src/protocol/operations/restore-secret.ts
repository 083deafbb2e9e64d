import { defineOperation, str } from './define.js';

export default defineOperation('RestoreSecret', async (app, ctx, i) => {
  const r = await app.secrets.restoreSecret(ctx, str(i.SecretId)!);
  return { ARN: r.arn, Name: r.name };
});
