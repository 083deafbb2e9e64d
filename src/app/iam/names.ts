import type { RequestContext } from '../context.js';

/** IAM ARNs and paths. A path is "/" or "/segment/…/"; it sits between the type and the name. */
export const DEFAULT_PATH = '/';

export const userArn = (accountId: string, path: string, name: string): string =>
  `arn:aws:iam::${accountId}:user${path}${name}`;

export const roleArn = (accountId: string, path: string, name: string): string =>
  `arn:aws:iam::${accountId}:role${path}${name}`;

export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string): string =>
  `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;

/** The ARN to authorize against: the entity's own when it exists (it carries the path). */
export const userResource = (ctx: RequestContext, name: string, found?: { arn: string }): string =>
  found?.arn ?? userArn(ctx.principal.accountId, DEFAULT_PATH, name);

export const roleResource = (ctx: RequestContext, name: string, found?: { arn: string }): string =>
  found?.arn ?? roleArn(ctx.principal.accountId, DEFAULT_PATH, name);

/** `arn:aws:iam::<12 digits>:role/<path/><name>` → its parts; undefined for anything else. */
export function parseRoleArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007e]+\/)?)([\w+=,.@-]+)$/.exec(arn);
  return m ? { accountId: m[1]!, path: m[2]!, name: m[3]! } : undefined;
}

/**
 * STS refuses a RoleArn that is not shaped like an ARN at all ("<arn> is invalid"): six
 * colon-separated parts with a partition, a service and a resource.
 */
export function isArnShaped(arn: string): boolean {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return false;
  return parts[1] !== '' && parts[2] !== '' && parts.slice(5).join(':') !== '';
}
