import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';

/**
 * Maps a KmsKeyId parameter to what we store: undefined for the default key
 * (aws/secretsmanager, by alias, alias ARN or our key id/ARN). Customer-managed keys arrive with
 * the KMS API; until then any other key is refused as AWS refuses a key it cannot use.
 */
export async function resolveKmsKey(
  d: SecretsDeps,
  ctx: RequestContext,
  kmsKeyId?: string,
): Promise<string | undefined> {
  if (kmsKeyId === undefined || kmsKeyId === '') return undefined;
  const aliasArn = `arn:aws:kms:${ctx.region}:${ctx.principal.accountId}:alias/aws/secretsmanager`;
  if (kmsKeyId === 'alias/aws/secretsmanager' || kmsKeyId === aliasArn) return undefined;
  const key = await d.keyring.defaultKey(ctx.principal.accountId, ctx.region);
  if (kmsKeyId === key.keyId || kmsKeyId === key.arn) return undefined;
  throw Errors.accessDenied('Access to KMS is not allowed');
}
