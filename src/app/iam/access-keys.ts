import { Errors } from '../../domain/errors.js';
import type { IamUserRecord } from '../../storage/iam-ports.js';
import type { AccessKeyRecord } from '../../storage/ports.js';
import type { RequestContext } from '../context.js';
import type { IamDeps } from './deps.js';
import { type Page, page } from './paging.js';
import { authorizedUser, keysOf, selfName } from './users.js';

/**
 * A user's long-term access keys: at most two, Active or Inactive. The secret half is returned
 * once, by CreateAccessKey, and stored only sealed. Without UserName the caller's own keys are
 * meant, which needs an IAM user as the caller (AWS: "Must specify userName when calling with
 * non-User credentials").
 */
export const MAX_KEYS_PER_USER = 2;

export type AccessKeyMetadata = {
  userName: string;
  accessKeyId: string;
  status: AccessKeyRecord['status'];
  createDate: number;
};

export type NewAccessKey = AccessKeyMetadata & { secretAccessKey: string };

export async function createAccessKey(d: IamDeps, ctx: RequestContext, userName?: string): Promise<NewAccessKey> {
  const user = await authorizedUser(d, ctx, userName ?? selfName(ctx), 'iam:CreateAccessKey');
  if ((await keysOf(d, user)).length >= MAX_KEYS_PER_USER) throw Errors.accessKeyQuota();
  const key = d.mint.accessKey();
  await d.store.insertAccessKey({
    accessKeyId: key.accessKeyId,
    accountId: user.accountId,
    principalArn: user.arn,
    userName: user.userName,
    sealedSecret: key.sealedSecret,
    status: 'Active',
    createdAt: ctx.now,
  });
  d.changed();
  return {
    userName: user.userName,
    accessKeyId: key.accessKeyId,
    status: 'Active',
    createDate: ctx.now,
    secretAccessKey: key.secretAccessKey,
  };
}

export async function listAccessKeys(
  d: IamDeps,
  ctx: RequestContext,
  q: { userName?: string; marker?: string; maxItems?: number },
): Promise<Page<AccessKeyMetadata>> {
  const user = await authorizedUser(d, ctx, q.userName ?? selfName(ctx), 'iam:ListAccessKeys');
  const keys = (await keysOf(d, user)).map((k) => metadata(user, k));
  return page(keys, q.marker, q.maxItems);
}

export async function updateAccessKey(
  d: IamDeps,
  ctx: RequestContext,
  c: { userName?: string; accessKeyId: string; status: AccessKeyRecord['status'] },
): Promise<void> {
  const key = await ownKey(d, ctx, c.userName, c.accessKeyId, 'iam:UpdateAccessKey');
  if (c.status !== 'Active' && c.status !== 'Inactive') throw Errors.accessKeyStatus(c.status);
  await d.store.setAccessKeyStatus(key.accessKeyId, c.status);
  d.changed();
}

export async function deleteAccessKey(
  d: IamDeps,
  ctx: RequestContext,
  c: { userName?: string; accessKeyId: string },
): Promise<void> {
  const key = await ownKey(d, ctx, c.userName, c.accessKeyId, 'iam:DeleteAccessKey');
  await d.store.deleteAccessKey(key.accessKeyId);
  d.changed();
}

/** The user's key with that id; a key of anyone else is "not found", as in AWS. */
async function ownKey(
  d: IamDeps,
  ctx: RequestContext,
  userName: string | undefined,
  accessKeyId: string,
  action: string,
): Promise<AccessKeyRecord> {
  const user = await authorizedUser(d, ctx, userName ?? selfName(ctx), action);
  const key = (await keysOf(d, user)).find((k) => k.accessKeyId === accessKeyId);
  if (!key) throw Errors.noSuchAccessKey(accessKeyId);
  return key;
}

const metadata = (user: IamUserRecord, k: AccessKeyRecord): AccessKeyMetadata => ({
  userName: user.userName,
  accessKeyId: k.accessKeyId,
  status: k.status,
  createDate: k.createdAt,
});
