import type { RequestContext } from '../context.js';
import type { IamDeps } from './deps.js';

/**
 * STS GetCallerIdentity: needs no permission (AWS answers it even when every action is denied).
 * UserId is the account id for the root, AIDA… for a user and "<role id>:<session>" for a role
 * session, as AWS reports them.
 */
export type CallerIdentity = { account: string; arn: string; userId: string };

export async function getCallerIdentity(d: IamDeps, ctx: RequestContext): Promise<CallerIdentity> {
  const p = ctx.principal;
  const base = { account: p.accountId, arn: p.arn };
  if (p.type === 'IAMUser') {
    const user = await d.store.findUser(p.accountId, p.userName);
    return { ...base, userId: user?.userId ?? p.accessKeyId };
  }
  if (p.type === 'AssumedRole') {
    const session = await d.store.findSession(p.accessKeyId);
    return { ...base, userId: session ? `${session.roleId}:${session.sessionName}` : p.accessKeyId };
  }
  return { ...base, userId: p.accountId };
}
