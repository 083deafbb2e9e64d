import type { Keyring } from '../../crypto/keyring.js';
import type { Ids } from '../../lib/ids.js';
import { type KmsKeyRecord, type KmsStore, kmsStoreOf } from '../../storage/kms-ports.js';
import type { Authorize } from '../authorize.js';
import type { RequestContext } from '../context.js';
import type { KeyScope, KmsStores } from './key-lookup.js';

/** What the KMS API use cases need. */
export type KmsDeps = {
  store: KmsStores;
  keyring: Keyring;
  authorize: Authorize;
  ids: Ids;
};

export const kmsOf = (d: KmsDeps): KmsStore => kmsStoreOf(d.store);

/** KMS API calls act on the caller's own account and the request's region. */
export const scopeOf = (ctx: RequestContext): KeyScope => ({ accountId: ctx.principal.accountId, region: ctx.region });

/**
 * Authorization of a kms:* action: on a key ARN the key policy takes part (docs/kms.md "Key
 * policies"), `key` saving the authorizer a read; on an alias ARN or "*" identity policies decide.
 * kms:CallerAccount is set as KMS sets it on every call; kms:ViaService never is on a direct call.
 */
export const authorizeKms = (d: KmsDeps, ctx: RequestContext, action: string, resource: string, key?: KmsKeyRecord) =>
  d.authorize(ctx, {
    action: `kms:${action}`,
    resource,
    conditions: { 'kms:CallerAccount': ctx.principal.accountId },
    ...(key && { kmsKey: key }),
  });
