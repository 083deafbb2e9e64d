import type { ExternalSecretRotationMetadataItem, RotationRulesType } from '@aws-sdk/client-secrets-manager';
import { bool, defineOperation, list, str } from './define.js';

export default defineOperation('RotateSecret', async (app, ctx, i) => {
  const rules = i.RotationRules as RotationRulesType | undefined;
  const r = await app.rotation.rotateSecret(ctx, {
    secretId: str(i.SecretId)!,
    token: str(i.ClientRequestToken),
    lambdaArn: str(i.RotationLambdaARN),
    rules: rules && {
      AutomaticallyAfterDays: rules.AutomaticallyAfterDays,
      Duration: rules.Duration,
      ScheduleExpression: rules.ScheduleExpression,
    },
    rotateImmediately: bool(i.RotateImmediately),
    externalMetadata: list<ExternalSecretRotationMetadataItem>(i.ExternalSecretRotationMetadata)?.map((m) => ({
      Key: m.Key ?? '',
      Value: m.Value ?? '',
    })),
    externalRoleArn: str(i.ExternalSecretRotationRoleArn),
  });
  return { ARN: r.arn, Name: r.name, VersionId: r.versionId };
});
