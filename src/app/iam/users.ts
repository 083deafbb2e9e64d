import { Errors } from '../../domain/errors.js';
import type { Tag } from '../../domain/secret.js';
import type { IamUserRecord } from '../../storage/iam-ports.js';
import { StoreConflictError } from '../../storage/ports.js';
import type { RequestContext } from '../context.js';
import type { IamDeps } from './deps.js';
import { DEFAULT_PATH, userArn, userResource } from './names.js';
import { type Page, page } from './paging.js';
import { mergeIamTags, newIamTags, removeIamTags } from './tags.js';

/** CreateUser, GetUser, ListUsers, DeleteUser and the user tag operations. */
export type UserView = IamUserRecord;

export async function createUser(
  d: IamDeps,
  ctx: RequestContext,
  c: { userName: string; path?: string; tags?: Tag[] },
): Promise<UserView> {
  const path = c.path ?? DEFAULT_PATH;
  const accountId = ctx.principal.accountId;
  const arn = userArn(accountId, path, c.userName);
  await d.authorize(ctx, { action: 'iam:CreateUser', resource: arn, conditions: tagConditions(c.tags) });
  const user: IamUserRecord = {
    accountId,
    userName: c.userName,
    userId: d.mint.userId(),
    path,
    arn,
    createdAt: ctx.now,
    tags: newIamTags(c.tags),
  };
  try {
    await d.store.insertUser(user);
  } catch (e) {
    if (e instanceof StoreConflictError) throw Errors.userExists(c.userName);
    throw e;
  }
  d.changed();
  return user;
}

/** The named user, or (without a name) the calling IAM user itself. */
export async function getUser(d: IamDeps, ctx: RequestContext, userName?: string): Promise<UserView> {
  const name = userName ?? selfName(ctx);
  return authorizedUser(d, ctx, name, 'iam:GetUser');
}

export async function listUsers(
  d: IamDeps,
  ctx: RequestContext,
  q: { pathPrefix?: string; marker?: string; maxItems?: number },
): Promise<Page<UserView>> {
  const accountId = ctx.principal.accountId;
  await d.authorize(ctx, { action: 'iam:ListUsers', resource: `arn:aws:iam::${accountId}:user/` });
  const prefix = q.pathPrefix ?? DEFAULT_PATH;
  const all = (await d.store.listUsers(accountId)).filter((u) => u.path.startsWith(prefix));
  return page(all, q.marker, q.maxItems);
}

/** A user with inline policies or access keys cannot be deleted (AWS's DeleteConflict). */
export async function deleteUser(d: IamDeps, ctx: RequestContext, userName: string): Promise<void> {
  const user = await authorizedUser(d, ctx, userName, 'iam:DeleteUser');
  const owner = { accountId: user.accountId, kind: 'user' as const, name: user.userName };
  if ((await d.store.listInlinePolicies(owner)).length > 0) throw Errors.deleteConflictPolicies();
  if ((await keysOf(d, user)).length > 0) throw Errors.deleteConflictAccessKeys();
  await d.store.deleteUser(user.accountId, user.userName);
  d.changed();
}

export async function tagUser(d: IamDeps, ctx: RequestContext, userName: string, tags: Tag[]): Promise<void> {
  const user = await authorizedUser(d, ctx, userName, 'iam:TagUser', tagConditions(tags));
  await d.store.setUserTags(user.accountId, user.userName, mergeIamTags(user.tags, tags));
  d.changed();
}

export async function untagUser(d: IamDeps, ctx: RequestContext, userName: string, keys: string[]): Promise<void> {
  const user = await authorizedUser(d, ctx, userName, 'iam:UntagUser', { 'aws:TagKeys': keys });
  await d.store.setUserTags(user.accountId, user.userName, removeIamTags(user.tags, keys));
  d.changed();
}

export async function listUserTags(
  d: IamDeps,
  ctx: RequestContext,
  q: { userName: string; marker?: string; maxItems?: number },
): Promise<Page<Tag>> {
  const user = await authorizedUser(d, ctx, q.userName, 'iam:ListUserTags');
  return page(user.tags, q.marker, q.maxItems);
}

/** Authorizes against the user's ARN (with its path when it exists), then requires it to exist. */
export async function authorizedUser(
  d: IamDeps,
  ctx: RequestContext,
  userName: string,
  action: string,
  conditions?: Record<string, string | string[]>,
): Promise<IamUserRecord> {
  const user = await d.store.findUser(ctx.principal.accountId, userName);
  await d.authorize(ctx, { action, resource: userResource(ctx, userName, user), conditions });
  if (!user) throw Errors.noSuchUser(userName);
  return user;
}

/** Long-term keys of a user: keys whose owner is this user's ARN. */
export async function keysOf(d: IamDeps, user: IamUserRecord) {
  return (await d.store.listAccessKeys(user.accountId)).filter((k) => k.principalArn === user.arn);
}

/** Operations that default to "myself" need an IAM user as the caller. */
export function selfName(ctx: RequestContext): string {
  if (ctx.principal.type !== 'IAMUser') throw Errors.userNameRequired();
  return ctx.principal.userName;
}

export function tagConditions(tags: readonly Tag[] | undefined): Record<string, string | string[]> | undefined {
  if (!tags || tags.length === 0) return undefined;
  const out: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const t of tags) out[`aws:RequestTag/${t.Key}`] = t.Value ?? '';
  return out;
}
