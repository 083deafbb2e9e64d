import type { AuthorizeRequest } from '../app/authorize.js';
import type { Principal } from '../app/context.js';
import { policyOf } from '../app/kms/key-policy.js';
import { keyArn } from '../crypto/keyring.js';
import type { Tag } from '../domain/secret.js';
import type { EvalResult } from '../policy/index.js';
import type { KmsKeyRecord } from '../storage/kms-ports.js';
import type { Store } from '../storage/ports.js';

/**
 * KMS's authorization model (docs/kms.md "Key policies"): a kms:* action on a key is decided by
 * the key policy together with the caller's identity policies, the key policy being the primary
 * policy. It must allow the caller itself, or name the caller's account (the default policy's
 * "Enable IAM User Permissions" statement), which lets that account's identity policies grant
 * access; from another account both must allow. Identity policies alone grant nothing.
 *
 * Strongroom's one exception: the root of the key's own account is never locked out by a key
 * policy that forgets it (AWS would need its support team to recover the key); an explicit Deny
 * in the key policy still applies to it.
 */
const KEY_ARN_RE = /^arn:aws[a-z-]*:kms:[a-z0-9-]*:\d{12}:key\/(.+)$/;

/** A kms:* request on a key (not on an alias, not on "*"). */
export const isKeyRequest = (req: AuthorizeRequest): boolean =>
  req.action.toLowerCase().startsWith('kms:') && (req.kmsKey !== undefined || KEY_ARN_RE.test(req.resource));

/** The key the request names: the one passed in, or read by its ARN (undefined if there is none). */
export async function requestKey(store: Store, req: AuthorizeRequest): Promise<KmsKeyRecord | undefined> {
  if (req.kmsKey) return req.kmsKey;
  const id = KEY_ARN_RE.exec(req.resource)?.[1];
  const key = id === undefined ? undefined : await store.findKmsKey(id);
  return key && keyArn(key) === req.resource ? key : undefined;
}

/** The key's policy text (AWS managed keys have a fixed one) and its tags as aws:ResourceTag. */
export const keyPolicyText = (key: KmsKeyRecord): string => policyOf(key);
export const keyTags = (key: KmsKeyRecord): Tag[] => key.tags.map((t) => ({ Key: t.TagKey, Value: t.TagValue }));

/** The account root acting on its own account's key, refused only for want of an Allow. */
export const rootOfKeyAccount = (p: Principal, keyAccountId: string | undefined, result: EvalResult): boolean =>
  p.type === 'Root' && p.accountId === keyAccountId && result.decision === 'ImplicitDeny';
