import { Errors } from '../domain/errors.js';
import type { SecretRecord } from '../domain/secret.js';
import type { KmsKeyRecord } from '../storage/kms-ports.js';
import type { RequestContext } from './context.js';

/**
 * The one authorization hook every operation calls before touching data, with the IAM action
 * and the resource ARN. The server's implementation is auth/authorizer.ts (identity policies,
 * the secret's resource policy, the policy engine); `adminOnly` remains for tests and tools.
 */
export type AuthorizeRequest = {
  action: string;
  resource: string;
  /** Request-specific condition keys (secretsmanager:VersionStage, …) for the policy engine. */
  conditions?: Record<string, string | string[] | boolean | number | undefined>;
  /** The secret acted on, when it exists: its resource policy and tags take part in the decision. */
  secret?: SecretRecord;
  /**
   * The KMS key of a kms:* request on a key ARN, when the caller has read it already: its key
   * policy takes part in the decision (otherwise the authorizer reads the key by its ARN).
   */
  kmsKey?: KmsKeyRecord;
};

export type Authorize = (ctx: RequestContext, req: AuthorizeRequest) => Promise<void>;

export const denialMessage = (ctx: RequestContext, req: AuthorizeRequest): string =>
  `User: ${ctx.principal.arn} is not authorized to perform: ${req.action} on resource: ${req.resource} because no identity-based policy allows the ${req.action} action`;

export const adminOnly: Authorize = async (ctx, req) => {
  if (!ctx.principal.isAdmin) throw Errors.accessDenied(denialMessage(ctx, req));
};
