import { Errors } from '../../domain/errors.js';
import type { Tag } from '../../domain/secret.js';
import type { IamRoleRecord } from '../../storage/iam-ports.js';
import { StoreConflictError } from '../../storage/ports.js';
import type { RequestContext } from '../context.js';
import type { IamDeps } from './deps.js';
import { DEFAULT_PATH, roleArn, roleResource } from './names.js';
import { type Page, page } from './paging.js';
import { checkPolicyDocument } from './policy-text.js';
import { mergeIamTags, newIamTags, removeIamTags } from './tags.js';
import { tagConditions } from './users.js';

/** CreateRole (with its trust policy), GetRole, ListRoles, DeleteRole and the role tag operations. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

export async function createRole(
  d: IamDeps,
  ctx: RequestContext,
  c: {
    roleName: string;
    path?: string;
    assumeRolePolicyDocument: string;
    description?: string;
    maxSessionDuration?: number;
    tags?: Tag[];
  },
): Promise<IamRoleRecord> {
  const path = c.path ?? DEFAULT_PATH;
  const accountId = ctx.principal.accountId;
  const arn = roleArn(accountId, path, c.roleName);
  await d.authorize(ctx, { action: 'iam:CreateRole', resource: arn, conditions: tagConditions(c.tags) });
  checkPolicyDocument(c.assumeRolePolicyDocument, 'trust');
  const role: IamRoleRecord = {
    accountId,
    roleName: c.roleName,
    roleId: d.mint.roleId(),
    path,
    arn,
    createdAt: ctx.now,
    trustPolicy: c.assumeRolePolicyDocument,
    ...(c.description !== undefined && { description: c.description }),
    maxSessionDuration: c.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
    tags: newIamTags(c.tags),
  };
  try {
    await d.store.insertRole(role);
  } catch (e) {
    if (e instanceof StoreConflictError) throw Errors.roleExists(c.roleName);
    throw e;
  }
  d.changed();
  return role;
}

export const getRole = (d: IamDeps, ctx: RequestContext, roleName: string): Promise<IamRoleRecord> =>
  authorizedRole(d, ctx, roleName, 'iam:GetRole');

export async function listRoles(
  d: IamDeps,
  ctx: RequestContext,
  q: { pathPrefix?: string; marker?: string; maxItems?: number },
): Promise<Page<IamRoleRecord>> {
  const accountId = ctx.principal.accountId;
  await d.authorize(ctx, { action: 'iam:ListRoles', resource: `arn:aws:iam::${accountId}:role/` });
  const prefix = q.pathPrefix ?? DEFAULT_PATH;
  const all = (await d.store.listRoles(accountId)).filter((r) => r.path.startsWith(prefix));
  return page(all, q.marker, q.maxItems);
}

/** A role with inline policies cannot be deleted. Its sessions lose every permission with it. */
export async function deleteRole(d: IamDeps, ctx: RequestContext, roleName: string): Promise<void> {
  const role = await authorizedRole(d, ctx, roleName, 'iam:DeleteRole');
  const owner = { accountId: role.accountId, kind: 'role' as const, name: role.roleName };
  if ((await d.store.listInlinePolicies(owner)).length > 0) throw Errors.deleteConflictPolicies();
  await d.store.deleteRole(role.accountId, role.roleName);
  d.changed();
}

export async function tagRole(d: IamDeps, ctx: RequestContext, roleName: string, tags: Tag[]): Promise<void> {
  const role = await authorizedRole(d, ctx, roleName, 'iam:TagRole', tagConditions(tags));
  await d.store.setRoleTags(role.accountId, role.roleName, mergeIamTags(role.tags, tags));
  d.changed();
}

export async function untagRole(d: IamDeps, ctx: RequestContext, roleName: string, keys: string[]): Promise<void> {
  const role = await authorizedRole(d, ctx, roleName, 'iam:UntagRole', { 'aws:TagKeys': keys });
  await d.store.setRoleTags(role.accountId, role.roleName, removeIamTags(role.tags, keys));
  d.changed();
}

export async function listRoleTags(
  d: IamDeps,
  ctx: RequestContext,
  q: { roleName: string; marker?: string; maxItems?: number },
): Promise<Page<Tag>> {
  const role = await authorizedRole(d, ctx, q.roleName, 'iam:ListRoleTags');
  return page(role.tags, q.marker, q.maxItems);
}

export async function authorizedRole(
  d: IamDeps,
  ctx: RequestContext,
  roleName: string,
  action: string,
  conditions?: Record<string, string | string[]>,
): Promise<IamRoleRecord> {
  const role = await d.store.findRole(ctx.principal.accountId, roleName);
  await d.authorize(ctx, { action, resource: roleResource(ctx, roleName, role), conditions });
  if (!role) throw Errors.noSuchRole(roleName);
  return role;
}
