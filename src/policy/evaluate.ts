import { statementCoversAction } from './action.js';
import { conditionsHold } from './conditions/evaluate.js';
import { createLookup } from './context.js';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principal.js';
import type { CompiledPolicy, CompiledStatement, EvalRequest, EvalResult } from './types.js';
import { type Lookup, resolveRegExp, type Template } from './variables.js';

/**
 * The decision for one request (IAM "Policy evaluation logic"):
 * - an explicit Deny in any policy wins;
 * - same account: an Allow in an identity policy, or a resource-policy Allow that names the caller
 *   (or "*"), suffices; a resource-policy Allow naming only the caller's account delegates to the
 *   account's identity policies, which must then allow too;
 * - cross account: both the identity policies and the resource policy must allow;
 * - the account root user's identity side always allows (it has full access to its account);
 * - an AWS service principal has no identity policies: only the resource policy can allow it;
 * - a role trust policy (kind 'trust') and a KMS key policy (kind 'key') must allow the caller
 *   itself, even in the same account.
 */
export function evaluate(
  req: EvalRequest,
  identityPolicies: CompiledPolicy[],
  resourcePolicy?: CompiledPolicy,
): EvalResult {
  const scope: Scope = { req, action: req.action.toLowerCase(), lookup: createLookup(req) };
  const identity = evaluateSide(scope, identityPolicies);
  if (identity.deny) return { decision: 'ExplicitDeny', reason: 'none', deniedBy: 'identity' };
  const resource = resourcePolicy ? evaluateSide(scope, [resourcePolicy]) : NOTHING;
  if (resource.deny) return { decision: 'ExplicitDeny', reason: 'none', deniedBy: 'resource' };

  const p = req.principal;
  if (p.type === 'AWSService') {
    return resource.allow === 'direct' ? allow('resource') : implicitDeny('resource');
  }
  const identityAllows = identity.allow !== 'none' || p.type === 'Root';
  const resourceAllows = resource.allow !== 'none';
  if (resourcePolicy?.kind === 'trust' || resourcePolicy?.kind === 'key')
    return trustDecision(identityAllows, resource.allow, p.accountId === resourceAccount(req));
  if (p.accountId === resourceAccount(req)) {
    if (identityAllows) return allow(resourceAllows ? 'both' : 'identity');
    return resource.allow === 'direct' ? allow('resource') : implicitDeny('identity');
  }
  if (!identityAllows) return implicitDeny('identity');
  return resourceAllows ? allow('both') : implicitDeny('resource');
}

/**
 * A role trust policy or a KMS key policy must itself allow the caller, even in the same account
 * ("IAM role trust policies and KMS key policies are exceptions"): an Allow naming the caller
 * suffices in the resource's account; one naming only the account (the key policy's "Enable IAM
 * User Permissions" statement), or any cross-account call, also needs the caller's identity
 * policies to allow. Without such an Allow, identity policies alone grant nothing.
 */
function trustDecision(identityAllows: boolean, trust: PrincipalMatch, sameAccount: boolean): EvalResult {
  if (trust === 'none') return implicitDeny('resource');
  if (trust === 'direct' && sameAccount) return allow(identityAllows ? 'both' : 'resource');
  return identityAllows ? allow('both') : implicitDeny('identity');
}

type Scope = { req: EvalRequest; action: string; lookup: Lookup };
type SideResult = { deny: boolean; allow: PrincipalMatch };
const NOTHING: SideResult = { deny: false, allow: 'none' };

const allow = (reason: EvalResult['reason']): EvalResult => ({ decision: 'Allow', reason });
const implicitDeny = (deniedBy: 'identity' | 'resource'): EvalResult => ({
  decision: 'ImplicitDeny',
  reason: 'none',
  deniedBy,
});

function resourceAccount(req: EvalRequest): string {
  if (req.resourceAccountId) return req.resourceAccountId;
  return arnAccount(req.resource) || req.principal.accountId;
}

/** The account segment (the fifth) of an ARN, without splitting the string. */
function arnAccount(arn: string): string {
  if (!arn.startsWith('arn:')) return '';
  let start = 0;
  for (let n = 0; n < 4; n++) {
    start = arn.indexOf(':', start) + 1;
    if (start === 0) return '';
  }
  const end = arn.indexOf(':', start);
  return end < 0 ? '' : arn.slice(start, end);
}

/** Scans every statement: one applicable Deny decides; otherwise the strongest Allow is kept. */
function evaluateSide(scope: Scope, policies: CompiledPolicy[]): SideResult {
  let best: PrincipalMatch = 'none';
  for (const policy of policies) {
    for (const s of policy.statements) {
      const match = statementApplies(scope, policy, s);
      if (match === 'none') continue;
      if (s.effect === 'Deny') return { deny: true, allow: 'none' };
      if (match === 'direct' || best === 'none') best = match;
    }
  }
  return { deny: false, allow: best };
}

function statementApplies(scope: Scope, policy: CompiledPolicy, s: CompiledStatement): PrincipalMatch {
  if (!statementCoversAction(s, scope.action)) return 'none';
  if (!resourceApplies(s, scope)) return 'none';
  let match: PrincipalMatch = 'direct';
  if (policy.kind !== 'identity') {
    if (s.principal) match = matchPrincipal(s.principal, scope.req.principal);
    else if (s.notPrincipal && !notPrincipalApplies(s.notPrincipal, scope.req.principal, s.effect)) match = 'none';
    if (match === 'none') return 'none';
  }
  return conditionsHold(s.conditions, scope.lookup) ? match : 'none';
}

function resourceApplies(s: CompiledStatement, scope: Scope): boolean {
  if (s.resources) return s.resources.some((t) => resourceMatches(t, scope));
  if (s.notResources) return !s.notResources.some((t) => resourceMatches(t, scope));
  return true;
}

/** ARNs are case-sensitive. A pattern whose variable cannot be resolved matches nothing. */
function resourceMatches(t: Template, scope: Scope): boolean {
  if (t.raw === '*') return true;
  return resolveRegExp(t, scope.lookup)?.test(scope.req.resource) ?? false;
}
