import { Errors } from '../../domain/errors.js';
import type { PolicyOwner } from '../../storage/iam-ports.js';
import type { RequestContext } from '../context.js';
import type { IamDeps } from './deps.js';
import { type Page, page } from './paging.js';
import { checkPolicyDocument, policySize } from './policy-text.js';
import { authorizedRole } from './roles.js';
import { authorizedUser } from './users.js';

/**
 * Put/Get/List/DeleteUserPolicy and the Role twins: one implementation, parameterised by the
 * owner kind. IAM quotas: a user's inline policies total at most 2,048 characters and a role's
 * 10,240, whitespace not counted (exceeding it is LimitExceeded, HTTP 409).
 */
export type OwnerKind = PolicyOwner['kind'];

const MAX_TOTAL: Record<OwnerKind, number> = { user: 2048, role: 10240 };
const ACTION = { user: 'User', role: 'Role' } as const;

async function authorizedOwner(
  d: IamDeps,
  ctx: RequestContext,
  kind: OwnerKind,
  name: string,
  verb: 'Put' | 'Get' | 'List' | 'Delete',
): Promise<PolicyOwner> {
  const action = `iam:${verb}${ACTION[kind]}Polic${verb === 'List' ? 'ies' : 'y'}`;
  if (kind === 'user') {
    const user = await authorizedUser(d, ctx, name, action);
    return { accountId: user.accountId, kind, name: user.userName };
  }
  const role = await authorizedRole(d, ctx, name, action);
  return { accountId: role.accountId, kind, name: role.roleName };
}

export async function putInlinePolicy(
  d: IamDeps,
  ctx: RequestContext,
  kind: OwnerKind,
  c: { ownerName: string; policyName: string; policyDocument: string },
): Promise<void> {
  const owner = await authorizedOwner(d, ctx, kind, c.ownerName, 'Put');
  checkPolicyDocument(c.policyDocument, 'identity');
  const others = (await d.store.listInlinePolicies(owner)).filter((p) => p.policyName !== c.policyName);
  const total = others.reduce((n, p) => n + policySize(p.document), policySize(c.policyDocument));
  if (total > MAX_TOTAL[kind]) throw Errors.inlinePolicySize(kind, c.ownerName, MAX_TOTAL[kind]);
  await d.store.putInlinePolicy(owner, { policyName: c.policyName, document: c.policyDocument });
  d.changed();
}

export async function getInlinePolicy(
  d: IamDeps,
  ctx: RequestContext,
  kind: OwnerKind,
  c: { ownerName: string; policyName: string },
): Promise<{ ownerName: string; policyName: string; policyDocument: string }> {
  const owner = await authorizedOwner(d, ctx, kind, c.ownerName, 'Get');
  const p = await d.store.getInlinePolicy(owner, c.policyName);
  if (!p) throw notFound(kind, c.policyName);
  return { ownerName: c.ownerName, policyName: p.policyName, policyDocument: p.document };
}

export async function listInlinePolicies(
  d: IamDeps,
  ctx: RequestContext,
  kind: OwnerKind,
  q: { ownerName: string; marker?: string; maxItems?: number },
): Promise<Page<string>> {
  const owner = await authorizedOwner(d, ctx, kind, q.ownerName, 'List');
  const names = (await d.store.listInlinePolicies(owner)).map((p) => p.policyName);
  return page(names, q.marker, q.maxItems);
}

export async function deleteInlinePolicy(
  d: IamDeps,
  ctx: RequestContext,
  kind: OwnerKind,
  c: { ownerName: string; policyName: string },
): Promise<void> {
  const owner = await authorizedOwner(d, ctx, kind, c.ownerName, 'Delete');
  if (!(await d.store.deleteInlinePolicy(owner, c.policyName))) throw notFound(kind, c.policyName);
  d.changed();
}

const notFound = (kind: OwnerKind, policyName: string) =>
  kind === 'user' ? Errors.noSuchUserPolicy(policyName) : Errors.noSuchRolePolicy(policyName);
