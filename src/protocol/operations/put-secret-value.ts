import { secretValueOf } from './create-secret.js';
import { defineOperation, list, str } from './define.js';

export default defineOperation('PutSecretValue', async (app, ctx, i) => {
  const r = await app.secrets.putSecretValue(ctx, {
    secretId: str(i.SecretId)!,
    token: str(i.ClientRequestToken),
    value: secretValueOf(i),
    stages: list<string>(i.VersionStages),
    rotationToken: str(i.RotationToken),
  });
  return { ARN: r.arn, Name: r.name, VersionId: r.versionId, VersionStages: r.stages };
});
