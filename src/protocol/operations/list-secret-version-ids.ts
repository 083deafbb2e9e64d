import { bool, defineOperation, num, seconds, str } from './define.js';

export default defineOperation('ListSecretVersionIds', async (app, ctx, i) => {
  const r = await app.secrets.listSecretVersionIds(ctx, {
    secretId: str(i.SecretId)!,
    maxResults: num(i.MaxResults),
    nextToken: str(i.NextToken),
    includeDeprecated: bool(i.IncludeDeprecated),
  });
  return {
    Versions: r.versions.map((v) => ({
      VersionId: v.versionId,
      VersionStages: v.stages.length ? v.stages : undefined,
      LastAccessedDate: seconds(v.lastAccessedAt),
      CreatedDate: seconds(v.createdAt),
      KmsKeyIds: v.kmsKeyIds,
    })),
    NextToken: r.nextToken,
    ARN: r.arn,
    Name: r.name,
  };
});
