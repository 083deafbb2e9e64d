import { defineOperation, str } from './define.js';

export default defineOperation('CancelRotateSecret', async (app, ctx, i) => {
  const r = await app.rotation.cancelRotateSecret(ctx, str(i.SecretId)!);
  return { ARN: r.arn, Name: r.name, VersionId: r.versionId };
});
