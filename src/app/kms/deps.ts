import type { Keyring } from '../../crypto/keyring.js';
import type { Ids } from '../../lib/ids.js';
import { type KmsStore, kmsStoreOf } from '../../storage/kms-ports.js';
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

/** IAM check of a kms:* action (key policies are not evaluated: docs/kms.md). */
export const authorizeKms = (d: KmsDeps, ctx: RequestContext, action: string, resource: string) =>
  d.authorize(ctx, { action: `kms:${action}`, resource });
