import { defineOperation, seconds, str } from './define.js';

export default defineOperation('GetSecretValue', async (app, ctx, i) => {
  const v = await app.secrets.getSecretValue(ctx, {
    secretId: str(i.SecretId)!,
    versionId: str(i.VersionId),
    versionStage: str(i.VersionStage),
  });
  return {
    ARN: v.arn,
    Name: v.name,
    VersionId: v.versionId,
    SecretString: v.string?.reveal(),
    SecretBinary: v.binary?.reveal().toString('base64'),
    VersionStages: v.stages,
    CreatedDate: seconds(v.createdAt),
  };
});
