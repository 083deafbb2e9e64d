import type { FilterInput } from '../../domain/list-filters.js';
import { defineOperation, list, num, seconds, str } from './define.js';

export default defineOperation('BatchGetSecretValue', async (app, ctx, i) => {
  const r = await app.secrets.batchGetSecretValue(ctx, {
    secretIdList: list<string>(i.SecretIdList),
    filters: list<FilterInput>(i.Filters),
    maxResults: num(i.MaxResults),
    nextToken: str(i.NextToken),
  });
  return {
    SecretValues: r.values.map((v) => ({
      ARN: v.arn,
      Name: v.name,
      VersionId: v.versionId,
      SecretString: v.string?.reveal(),
      SecretBinary: v.binary?.reveal().toString('base64'),
      VersionStages: v.stages,
      CreatedDate: seconds(v.createdAt),
    })),
    NextToken: r.nextToken,
    // Present and empty when nothing failed, as in the AWS CLI reference's example output.
    Errors: r.errors.map((e) => ({ SecretId: e.secretId, ErrorCode: e.errorCode, Message: e.message })),
  };
});
