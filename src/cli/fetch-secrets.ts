import { secretNameOf } from '../client/env-names.js';
import { AwsError, type SecretsClient } from '../client/secrets-client.js';

export type FetchedSecret = { secretId: string; arn: string; name: string; versionId: string; value: string };

type BatchOut = {
  SecretValues?: { ARN: string; Name: string; VersionId: string; SecretString?: string; SecretBinary?: string }[];
  Errors?: { SecretId: string; ErrorCode: string; Message: string }[];
  NextToken?: string;
};

const plainOf = (v: { SecretString?: string; SecretBinary?: string }) =>
  v.SecretString ?? (v.SecretBinary !== undefined ? Buffer.from(v.SecretBinary, 'base64').toString('utf8') : '');

/**
 * Fetches the named secrets with BatchGetSecretValue (20 ids a call) and everything under each
 * prefix (name filter, paged). A secret that cannot be read is an error naming it: a process must
 * not start with half its configuration.
 */
export async function fetchSecrets(client: SecretsClient, ids: string[], prefixes: string[]): Promise<FetchedSecret[]> {
  const out: FetchedSecret[] = [];
  for (let i = 0; i < ids.length; i += 20) {
    const chunk = ids.slice(i, i + 20);
    const r = await client.call<BatchOut>('BatchGetSecretValue', { SecretIdList: chunk });
    const failed = r.Errors?.[0];
    if (failed) throw new AwsError(failed.ErrorCode, `${failed.SecretId}: ${failed.Message}`, 400);
    for (const id of chunk) {
      const v = r.SecretValues?.find((s) => s.Name === id || s.ARN === id || s.Name === secretNameOf(id));
      if (!v)
        throw new AwsError('ResourceNotFoundException', `${id}: Secrets Manager can't find the specified secret.`, 400);
      out.push({ secretId: id, arn: v.ARN, name: v.Name, versionId: v.VersionId, value: plainOf(v) });
    }
  }
  for (const prefix of prefixes) {
    let NextToken: string | undefined;
    do {
      const r: BatchOut = await client.call<BatchOut>('BatchGetSecretValue', {
        Filters: [{ Key: 'name', Values: [prefix] }],
        NextToken,
      });
      for (const v of r.SecretValues ?? [])
        out.push({ secretId: v.Name, arn: v.ARN, name: v.Name, versionId: v.VersionId, value: plainOf(v) });
      NextToken = r.NextToken;
    } while (NextToken);
  }
  return out;
}
