import type { OwnerKind } from '../../app/iam/inline-policies.js';
import { defineOperations, encodePolicy, paged, type QueryOperations } from '../define.js';

/** Put/Get/List/DeleteUserPolicy and Put/Get/List/DeleteRolePolicy: the same four, per owner kind. */
function policyOperations(kind: OwnerKind, noun: 'User' | 'Role'): QueryOperations {
  const ownerOf = (input: Record<string, unknown>) => input[`${noun}Name`] as string;
  return {
    [`Put${noun}Policy`]: async (app, ctx, input) => {
      const i = input as { PolicyName: string; PolicyDocument: string };
      await app.policies.put(ctx, kind, {
        ownerName: ownerOf(input),
        policyName: i.PolicyName,
        policyDocument: i.PolicyDocument,
      });
      return undefined;
    },
    [`Get${noun}Policy`]: async (app, ctx, input) => {
      const p = await app.policies.get(ctx, kind, {
        ownerName: ownerOf(input),
        policyName: (input as { PolicyName: string }).PolicyName,
      });
      return { [`${noun}Name`]: p.ownerName, PolicyName: p.policyName, PolicyDocument: encodePolicy(p.policyDocument) };
    },
    [`List${noun}Policies`]: async (app, ctx, input) => {
      const i = input as { Marker?: string; MaxItems?: number };
      const p = await app.policies.list(ctx, kind, {
        ownerName: ownerOf(input),
        marker: i.Marker,
        maxItems: i.MaxItems,
      });
      return paged(p, 'PolicyNames');
    },
    [`Delete${noun}Policy`]: async (app, ctx, input) => {
      await app.policies.delete(ctx, kind, {
        ownerName: ownerOf(input),
        policyName: (input as { PolicyName: string }).PolicyName,
      });
      return undefined;
    },
  };
}

export const inlinePolicyOperations = defineOperations({
  ...policyOperations('user', 'User'),
  ...policyOperations('role', 'Role'),
});
