import { keyArn } from '../../crypto/keyring.js';
import { Errors } from '../../domain/errors.js';
import type { KmsKeyRecord } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import { authorizeKms, type KmsDeps, scopeOf } from './deps.js';
import { findKeyByRef } from './key-lookup.js';

/**
 * The key policy of each key, the primary policy of every kms:* action on it (evaluated by the
 * authorizer: auth/authorizer-kms.ts; docs/kms.md "Key policies"). These are the two default
 * documents and GetKeyPolicy; put-key-policy.ts changes them.
 */
export const DEFAULT_POLICY_NAME = 'default';

/** What CreateKey stores when no Policy is given (KMS "default key policy", Id key-default-1). */
export function defaultKeyPolicy(accountId: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

const VIA_SECRETS_MANAGER =
  'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager';

/** The policy of aws/secretsmanager (Id auto-secretsmanager-2; catalog §4.2), which nobody can edit. */
export function managedKeyPolicy(accountId: string, region: string): string {
  const via = `secretsmanager.${region}.amazonaws.com`;
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'auto-secretsmanager-2',
      Statement: [
        {
          Sid: VIA_SECRETS_MANAGER,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': via } },
        },
        {
          Sid: VIA_SECRETS_MANAGER,
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:GenerateDataKey*',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': accountId }, StringLike: { 'kms:ViaService': via } },
        },
        {
          Sid: 'Allow direct access to key metadata to the account',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${accountId}:root` },
          Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
          Resource: '*',
        },
      ],
    },
    null,
    2,
  );
}

export const policyOf = (k: KmsKeyRecord): string =>
  k.keyManager === 'AWS' ? managedKeyPolicy(k.accountId, k.region) : k.policy;

/** GetKeyPolicy: the stored document; "default" is the only policy name KMS has. */
export async function getKeyPolicy(
  d: KmsDeps,
  ctx: RequestContext,
  ref: string,
  policyName = DEFAULT_POLICY_NAME,
): Promise<{ Policy: string; PolicyName: string }> {
  const key = await findKeyByRef(d.store, scopeOf(ctx), ref, ctx.now);
  await authorizeKms(d, ctx, 'GetKeyPolicy', keyArn(key), key);
  if (policyName !== DEFAULT_POLICY_NAME) throw Errors.kmsNoSuchPolicy();
  return { Policy: policyOf(key), PolicyName: DEFAULT_POLICY_NAME };
}
