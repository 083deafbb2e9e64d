import { Errors } from '../../domain/errors.js';
import type { KmsKeyRecord, KmsTag } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import { authorizeKms, type KmsDeps, kmsOf } from './deps.js';
import { type KeyMetadata, keyMetadata, usagesFor } from './key-metadata.js';
import { defaultKeyPolicy } from './key-policy.js';
import { checkNewKeyPolicy } from './put-key-policy.js';

export type CreateKeyCommand = {
  description?: string;
  keyUsage?: string;
  keySpec?: string;
  customerMasterKeySpec?: string;
  policy?: string;
  bypassPolicyLockoutSafetyCheck?: boolean;
  origin?: string;
  multiRegion?: boolean;
  tags?: KmsTag[];
};

/**
 * A customer-managed key in the caller's account and region. Symmetric keys get fresh 256-bit
 * material wrapped by the root key; asymmetric and HMAC key specs are accepted and described
 * (so tools that create them work) but their material is never used: Strongroom signs nothing
 * and Secrets Manager refuses them (statement 109). Imported, custom-store and multi-Region
 * keys are refused. A given Policy is checked like PutKeyPolicy's (syntax, lockout); without one
 * the key gets the default key policy, which hands access to the account's IAM policies.
 */
export async function createKey(d: KmsDeps, ctx: RequestContext, c: CreateKeyCommand): Promise<KeyMetadata> {
  await authorizeKms(d, ctx, 'CreateKey', '*');
  if (c.origin !== undefined && c.origin !== 'AWS_KMS') throw Errors.kmsUnsupported(`Origin ${c.origin}`);
  if (c.multiRegion) throw Errors.kmsUnsupported('MultiRegion');
  const keySpec = c.keySpec ?? c.customerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
  if (keySpec !== 'SYMMETRIC_DEFAULT' && c.keyUsage === undefined) throw Errors.kmsKeyUsageRequired();
  const keyUsage = c.keyUsage ?? 'ENCRYPT_DECRYPT';
  if (!usagesFor(keySpec).includes(keyUsage)) throw Errors.kmsKeySpecUsage(keySpec, keyUsage);
  const keyId = d.ids.uuid();
  const key: KmsKeyRecord = {
    keyId,
    accountId: ctx.principal.accountId,
    region: ctx.region,
    wrapped: d.keyring.newWrappedMaterial(keyId),
    createdAt: ctx.now,
    enabled: true,
    description: c.description ?? '',
    keySpec,
    keyUsage,
    keyManager: 'CUSTOMER',
    state: 'Enabled',
    policy: c.policy ?? defaultKeyPolicy(ctx.principal.accountId),
    tags: c.tags ?? [],
  };
  if (c.policy !== undefined) await checkNewKeyPolicy(d, ctx, key, c.bypassPolicyLockoutSafetyCheck === true);
  await kmsOf(d).insertKmsKey(key);
  return keyMetadata(key);
}
