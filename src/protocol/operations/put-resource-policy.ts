import { bool, defineOperation, str } from './define.js';

export default defineOperation('PutResourcePolicy', async (app, ctx, i) => {
  const r = await app.secrets.putResourcePolicy(
    ctx,
    str(i.SecretId)!,
    str(i.ResourcePolicy)!,
    bool(i.BlockPublicPolicy),
  );
  return { ARN: r.arn, Name: r.name };
});
