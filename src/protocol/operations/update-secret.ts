import { secretValueOf } from './create-secret.js';
import { defineOperation, str } from './define.js';

export default defineOperation('UpdateSecret', async (app, ctx, i) => {
  const r = await app.secrets.updateSecret(ctx, {
    secretId: str(i.SecretId)!,
    token: str(i.ClientRequestToken),
    description: str(i.Description),
    kmsKeyId: str(i.KmsKeyId),
    value: secretValueOf(i),
    type: str(i.Type),
  });
  return { ARN: r.arn, Name: r.name, VersionId: r.versionId };
});
