import type { EvalPrincipal, EvalRequest } from './types.js';
import type { ContextValue, Lookup } from './variables.js';

/**
 * The request context as the conditions and variables see it: condition key names are
 * case-insensitive, so keys are lower-cased once per request (lazily: most statements have no
 * condition). Keys that describe the principal (aws:username, aws:userid, aws:PrincipalArn,
 * aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalTag/<key>) default to values derived from
 * the authenticated principal; an explicit value in the context wins (the caller knows a role's
 * path, which a session ARN does not carry). Time keys (aws:CurrentTime, aws:EpochTime) come from
 * the caller: the engine is pure and has no clock.
 */
export function createLookup(req: EvalRequest): Lookup {
  let keys: Map<string, ContextValue> | undefined;
  return (key: string) => {
    if (!keys) keys = lowerKeys(req.context);
    const v = keys.get(key);
    return v !== undefined ? v : principalKey(req.principal, key);
  };
}

function lowerKeys(context: EvalRequest['context']): Map<string, ContextValue> {
  const m = new Map<string, ContextValue>();
  for (const k of Object.keys(context)) {
    const v = context[k];
    if (v !== undefined) m.set(k.toLowerCase(), v);
  }
  return m;
}

const TAG_PREFIX = 'aws:principaltag/';

function principalKey(p: EvalPrincipal, key: string): ContextValue | undefined {
  if (key.startsWith(TAG_PREFIX)) return principalTag(p, key.slice(TAG_PREFIX.length));
  switch (key) {
    case 'aws:principalaccount':
      return p.type === 'AWSService' ? undefined : p.accountId;
    case 'aws:principalarn':
      return principalArn(p);
    case 'aws:principaltype':
      return PRINCIPAL_TYPES[p.type];
    case 'aws:username':
      return p.type === 'IAMUser' ? (p.userName ?? p.arn.slice(p.arn.lastIndexOf('/') + 1)) : undefined;
    case 'aws:userid':
      return p.userId ?? (p.type === 'Root' ? p.accountId : undefined);
    case 'aws:principalservicename':
      return p.type === 'AWSService' ? p.arn : undefined;
    default:
      return undefined;
  }
}

const PRINCIPAL_TYPES: Record<EvalPrincipal['type'], string | undefined> = {
  Root: 'Account',
  IAMUser: 'User',
  AssumedRole: 'AssumedRole',
  AWSService: undefined,
};

function principalTag(p: EvalPrincipal, lowerTagKey: string): string | undefined {
  if (!p.tags) return undefined;
  for (const k of Object.keys(p.tags)) if (k.toLowerCase() === lowerTagKey) return p.tags[k];
  return undefined;
}

/** aws:PrincipalArn of a role session is the role's ARN (path unknown here: assume none). */
export function principalArn(p: EvalPrincipal): string | undefined {
  if (p.type === 'AWSService') return undefined;
  if (p.type !== 'AssumedRole') return p.arn;
  const role = assumedRoleName(p.arn);
  return role === undefined ? p.arn : `arn:aws:iam::${p.accountId}:role/${role}`;
}

/** `arn:aws:sts::<acct>:assumed-role/<role>/<session>` → `<role>`. */
export function assumedRoleName(arn: string): string | undefined {
  const m = /^arn:[^:]+:sts::\d{12}:assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return m?.[1];
}
