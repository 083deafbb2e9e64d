import type { RequestContext } from '../app/context.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from '../app/kms/aliases.js';
import { createKey } from '../app/kms/create-key.js';
import type { KmsDeps } from '../app/kms/deps.js';
import { describeKey, listKeys } from '../app/kms/describe-key.js';
import { getKeyPolicy } from '../app/kms/key-policy.js';
import { cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion } from '../app/kms/key-state.js';
import { putKeyPolicy } from '../app/kms/put-key-policy.js';
import type { KmsTag } from '../storage/kms-ports.js';

/**
 * The KMS operations Strongroom serves, each mapping the decoded request (member names as in
 * the KMS model) to a use case and its result to the response shape. No logic here.
 */
type Input = Record<string, unknown>;
type Handler = (d: KmsDeps, ctx: RequestContext, i: Input) => Promise<unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const keyId = (i: Input) => i.KeyId as string;

export const KMS_HANDLERS: Record<string, Handler> = {
  CreateKey: async (d, ctx, i) => ({
    KeyMetadata: await createKey(d, ctx, {
      description: str(i.Description),
      keyUsage: str(i.KeyUsage),
      keySpec: str(i.KeySpec),
      customerMasterKeySpec: str(i.CustomerMasterKeySpec),
      policy: str(i.Policy),
      bypassPolicyLockoutSafetyCheck: i.BypassPolicyLockoutSafetyCheck === true,
      origin: str(i.Origin),
      multiRegion: i.MultiRegion === true,
      tags: i.Tags as KmsTag[] | undefined,
    }),
  }),
  DescribeKey: async (d, ctx, i) => ({ KeyMetadata: await describeKey(d, ctx, keyId(i)) }),
  ListKeys: (d, ctx, i) => listKeys(d, ctx, { limit: num(i.Limit), marker: str(i.Marker) }),
  CreateAlias: async (d, ctx, i) => {
    await createAlias(d, ctx, i.AliasName as string, i.TargetKeyId as string);
    return {};
  },
  UpdateAlias: async (d, ctx, i) => {
    await updateAlias(d, ctx, i.AliasName as string, i.TargetKeyId as string);
    return {};
  },
  DeleteAlias: async (d, ctx, i) => {
    await deleteAlias(d, ctx, i.AliasName as string);
    return {};
  },
  ListAliases: (d, ctx, i) => listAliases(d, ctx, { keyId: str(i.KeyId), limit: num(i.Limit), marker: str(i.Marker) }),
  EnableKey: async (d, ctx, i) => {
    await enableKey(d, ctx, keyId(i));
    return {};
  },
  DisableKey: async (d, ctx, i) => {
    await disableKey(d, ctx, keyId(i));
    return {};
  },
  ScheduleKeyDeletion: (d, ctx, i) => scheduleKeyDeletion(d, ctx, keyId(i), num(i.PendingWindowInDays)),
  CancelKeyDeletion: (d, ctx, i) => cancelKeyDeletion(d, ctx, keyId(i)),
  GetKeyPolicy: (d, ctx, i) => getKeyPolicy(d, ctx, keyId(i), str(i.PolicyName)),
  PutKeyPolicy: async (d, ctx, i) => {
    await putKeyPolicy(d, ctx, {
      keyId: keyId(i),
      policy: i.Policy as string,
      policyName: str(i.PolicyName),
      bypassPolicyLockoutSafetyCheck: i.BypassPolicyLockoutSafetyCheck === true,
    });
    return {};
  },
};
