import type { Authorize, AuthorizeRequest } from '../app/authorize.js';
import type { Principal, RequestContext } from '../app/context.js';
import { Errors } from '../domain/errors.js';
import type { SecretRecord, Tag } from '../domain/secret.js';
import { type CompiledPolicy, denialMessage, type EvalResult, evaluate } from '../policy/index.js';
import type { IamRoleRecord } from '../storage/iam-ports.js';
import type { Store } from '../storage/ports.js';
import { type Compiled, type createPolicyCache, INVALID, type PrincipalFacts } from './authorizer-cache.js';
import { isKeyRequest, keyPolicyText, keyTags, requestKey, rootOfKeyAccount } from './authorizer-kms.js';

/**
 * The server's Authorize: the caller's identity policies (a user's inline policies; for a role
 * session its role's) and, for a secret, the secret's resource policy, or for sts:* on a role, the
 * role's trust policy, evaluated by the policy engine with the request's condition keys.
 *
 * - The account root (the administrator of the default account, the root key of an account made
 *   by `strongroom admin create-account`, everyone in dev mode) has full access to its own
 *   account, as AWS's root user does, but nothing silently: an explicit Deny in a resource policy
 *   applies to it and another account's resources need that account's resource policy.
 * - A trust policy must itself allow: for sts:AssumeRole an identity-policy Allow alone is not
 *   enough, and an unknown role is refused like an untrusting one.
 * - A secret under the default key cannot be read or written from another account, even when
 *   both policies allow (the default key's policy admits only its own account).
 * - A kms:* action on a key is decided with the key policy, which must allow on its own or
 *   delegate to the account's identity policies (authorizer-kms.ts); the account root is never
 *   locked out of its own keys.
 * - A stored policy that no longer compiles denies (fails closed).
 */
export type AuthorizerDeps = {
  store: Store;
  facts: (p: Principal) => Promise<PrincipalFacts>;
  compile: ReturnType<typeof createPolicyCache>;
};

type Target = {
  policy?: Compiled;
  tags?: readonly Tag[];
  tagPrefixes: string[];
  secret?: SecretRecord;
  /** Set for a KMS key: the account owning it. */
  keyAccountId?: string;
};

const TRUST_ACTIONS = new Set(['sts:assumerole', 'sts:tagsession', 'sts:setsourceidentity']);
const DEFAULT_KEY_ACTIONS = new Set(['secretsmanager:getsecretvalue', 'secretsmanager:putsecretvalue']);

export function createAuthorizer(d: AuthorizerDeps): Authorize {
  return async (ctx, req) => {
    if (isInternalService(ctx.principal)) return;
    const action = req.action.toLowerCase();
    const trust = TRUST_ACTIONS.has(action);
    const key = !trust && isKeyRequest(req);
    const [facts, target] = await Promise.all([
      d.facts(ctx.principal),
      trust ? roleTarget(d, req.resource) : key ? keyTarget(d, req) : secretTarget(d, req),
    ]);
    const result = decide(ctx, req, facts, target);
    const allowed =
      (result.decision === 'Allow' && !(trust && (result.reason === 'identity' || !target.policy))) ||
      (key && rootOfKeyAccount(ctx.principal, target.keyAccountId, result));
    if (!allowed) {
      throw Errors.accessDenied(
        trust
          ? `User: ${ctx.principal.arn} is not authorized to perform: ${req.action} on resource: ${req.resource}`
          : denialMessage({ principal: ctx.principal, action: req.action, resource: req.resource }, result),
      );
    }
    const secret = target.secret;
    if (secret && DEFAULT_KEY_ACTIONS.has(action) && secret.accountId !== ctx.principal.accountId && !secret.kmsKeyId) {
      throw Errors.crossAccountDefaultKey();
    }
  };
}

function decide(ctx: RequestContext, req: AuthorizeRequest, facts: PrincipalFacts, target: Target): EvalResult {
  const deny = (deniedBy: 'identity' | 'resource'): EvalResult => ({
    decision: 'ImplicitDeny',
    reason: 'none',
    deniedBy,
  });
  if (facts.policies.includes(INVALID)) return deny('identity');
  if (target.policy === INVALID) return deny('resource');
  return evaluate(
    {
      principal: facts.principal,
      action: req.action,
      resource: req.resource,
      context: {
        ...globalKeys(ctx),
        ...facts.context,
        ...resourceTagKeys(target),
        ...req.conditions,
      },
    },
    facts.policies as CompiledPolicy[],
    target.policy as CompiledPolicy | undefined,
  );
}

/** The global condition keys every request carries (IAM "AWS global condition context keys"). */
function globalKeys(ctx: RequestContext): Record<string, string | number | boolean> {
  return {
    'aws:SourceIp': ctx.sourceIp.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ''),
    'aws:CurrentTime': new Date(ctx.now).toISOString(),
    'aws:EpochTime': Math.floor(ctx.now / 1000),
    'aws:SecureTransport': ctx.secureTransport,
    'aws:RequestedRegion': ctx.region,
    ...(ctx.userAgent !== undefined && { 'aws:UserAgent': ctx.userAgent }),
  };
}

function resourceTagKeys(target: Target): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of target.tags ?? []) for (const prefix of target.tagPrefixes) out[`${prefix}/${t.Key}`] = t.Value;
  return out;
}

/** The secret named by the request (passed in, or looked up by its full ARN). */
async function secretTarget(d: AuthorizerDeps, req: AuthorizeRequest): Promise<Target> {
  const secret =
    req.secret ??
    (req.resource.startsWith('arn:aws:secretsmanager:') ? await d.store.findByArn(req.resource) : undefined);
  if (!secret) return { tagPrefixes: [] };
  return {
    ...(secret.resourcePolicy !== undefined && { policy: d.compile(secret.resourcePolicy, 'resource') }),
    tags: secret.tags ?? [],
    tagPrefixes: ['aws:ResourceTag', 'secretsmanager:ResourceTag'],
    secret,
  };
}

/** A KMS key: its key policy (a key that cannot be found allows nothing) and its tags. */
async function keyTarget(d: AuthorizerDeps, req: AuthorizeRequest): Promise<Target> {
  const key = await requestKey(d.store, req);
  if (!key) return { policy: INVALID, tagPrefixes: [] };
  return {
    policy: d.compile(keyPolicyText(key), 'key'),
    tags: keyTags(key),
    tagPrefixes: ['aws:ResourceTag'],
    keyAccountId: key.accountId,
  };
}

/** A role named by its ARN: its trust policy and tags (the ARN must match the role, path included). */
async function roleTarget(d: AuthorizerDeps, arn: string): Promise<Target> {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  const role: IamRoleRecord | undefined = m ? await d.store.findRole(m[1]!, m[2]!) : undefined;
  if (!role || role.arn.toLowerCase() !== arn.toLowerCase()) return { tagPrefixes: [] };
  return {
    policy: d.compile(role.trustPolicy, 'trust'),
    tags: role.tags,
    tagPrefixes: ['aws:ResourceTag', 'iam:ResourceTag'],
  };
}

/** Strongroom's own workers (replication) act as the service itself, not as any account's caller. */
const isInternalService = (p: Principal): boolean => p.isAdmin && p.arn.startsWith('arn:aws:iam::aws:');
