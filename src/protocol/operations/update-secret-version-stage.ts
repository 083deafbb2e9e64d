import { defineOperation, str } from './define.js';

export default defineOperation('UpdateSecretVersionStage', async (app, ctx, i) => {
  const r = await app.secrets.updateSecretVersionStage(ctx, {
    secretId: str(i.SecretId)!,
    stage: str(i.VersionStage)!,
    moveTo: str(i.MoveToVersionId),
    removeFrom: str(i.RemoveFromVersionId),
  });
  return { ARN: r.arn, Name: r.name };
});
