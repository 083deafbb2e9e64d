import { keyArn } from '../../crypto/keyring.js';
import { Errors, ServiceError } from '../../domain/errors.js';
import { PolicySyntaxError, parsePolicy } from '../../policy/index.js';
import type { KmsKeyRecord } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import { authorizeKms, type KmsDeps, kmsOf, scopeOf } from './deps.js';
import { findKeyByRef } from './key-lookup.js';
import { DEFAULT_POLICY_NAME } from './key-policy.js';

/**
 * A new key policy (CreateKey's Policy, PutKeyPolicy) must compile as a key policy, and, unless
 * BypassPolicyLockoutSafetyCheck, must still let the caller call PutKeyPolicy on the key
 * afterwards (KMS's "policy lockout safety check", judged with the caller's identity policies as
 * the real decision would be). Both refusals are MalformedPolicyDocumentException.
 */
export async function checkNewKeyPolicy(
  d: KmsDeps,
  ctx: RequestContext,
  candidate: KmsKeyRecord,
  bypassLockoutCheck: boolean,
): Promise<void> {
  try {
    parsePolicy(candidate.policy, 'key');
  } catch (e) {
    if (e instanceof PolicySyntaxError) throw Errors.kmsMalformedPolicy(e.message);
    throw e;
  }
  if (bypassLockoutCheck) return;
  try {
    await authorizeKms(d, ctx, 'PutKeyPolicy', keyArn(candidate), candidate);
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'AccessDeniedException') throw Errors.kmsPolicyLockout();
    throw e;
  }
}

export type PutKeyPolicyCommand = {
  keyId: string;
  policy: string;
  policyName?: string;
  bypassPolicyLockoutSafetyCheck?: boolean;
};

/**
 * PutKeyPolicy on a customer key of the caller's account and region, in any state (a key
 * pending deletion included); "default" is the only policy name. The AWS managed key's policy
 * cannot change. The new text is what GetKeyPolicy returns and what every later use is decided by.
 */
export async function putKeyPolicy(d: KmsDeps, ctx: RequestContext, c: PutKeyPolicyCommand): Promise<void> {
  const key = await findKeyByRef(d.store, scopeOf(ctx), c.keyId, ctx.now);
  const arn = keyArn(key);
  if (key.keyManager === 'AWS') throw Errors.kmsManagedKey(ctx.principal.arn, 'kms:PutKeyPolicy', arn);
  await authorizeKms(d, ctx, 'PutKeyPolicy', arn, key);
  if ((c.policyName ?? DEFAULT_POLICY_NAME) !== DEFAULT_POLICY_NAME) throw Errors.kmsNoSuchPolicy();
  await checkNewKeyPolicy(d, ctx, { ...key, policy: c.policy }, c.bypassPolicyLockoutSafetyCheck === true);
  await kmsOf(d).setKmsKeyPolicy(key.keyId, c.policy);
}
