import { Errors } from '../domain/errors.js';
import type { RequestContext } from './context.js';

/**
 * The one authorization hook every operation calls before touching data, with the IAM action
 * and the resource ARN. Today: the administrator may do everything and anyone else nothing;
 * the policy engine replaces `decide` without changing a call site.
 */
export type AuthorizeRequest = {
  action: string;
  resource: string;
  /** Request-specific condition keys (secretsmanager:VersionStage, …) for the policy engine. */
  conditions?: Record<string, string | string[] | boolean | number | undefined>;
};

export type Authorize = (ctx: RequestContext, req: AuthorizeRequest) => Promise<void>;

export const denialMessage = (ctx: RequestContext, req: AuthorizeRequest): string =>
  `User: ${ctx.principal.arn} is not authorized to perform: ${req.action} on resource: ${req.resource} because no identity-based policy allows the ${req.action} action`;

export const adminOnly: Authorize = async (ctx, req) => {
  if (!ctx.principal.isAdmin) throw Errors.accessDenied(denialMessage(ctx, req));
};
