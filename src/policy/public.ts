import type { CompiledCondition } from './conditions/types.js';
import type { CompiledPolicy, CompiledStatement } from './types.js';
import { hasWildcard } from './wildcard.js';

/**
 * Strongroom's definition of a public resource policy (catalog decision 15): an Allow statement
 * whose principal is "*" or {"AWS": "*"} (or a NotPrincipal, which allows everyone not listed)
 * and that no condition pins to specific accounts, principals or organizations. A pin is a
 * positive String/ARN operator, without IfExists or ForAllValues (both hold when the key is
 * missing), on aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn or
 * aws:PrincipalOrgID, whose every value is concrete: no policy variable, and for accounts a
 * 12-digit id, for ARNs either no wildcard or a literal 12-digit account segment, for an
 * organization no wildcard.
 */
export function isPublicPolicy(p: CompiledPolicy): boolean {
  return p.statements.some(isPublicStatement);
}

export function isPublicStatement(s: CompiledStatement): boolean {
  if (s.effect !== 'Allow') return false;
  const everyone =
    s.notPrincipal !== undefined || (s.principal !== undefined && (s.principal.any || s.principal.anyAws));
  return everyone && !s.conditions.some(pins);
}

const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount']);
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);
const PINNING_FAMILIES = new Set(['string', 'stringIgnoreCase', 'like', 'arn']);

function pins(c: CompiledCondition): boolean {
  if (c.negated || c.ifExists || c.set === 'all' || !PINNING_FAMILIES.has(c.family)) return false;
  const concrete = valueCheck(c.key);
  return concrete !== undefined && c.raw.every((v) => !v.includes('${') && concrete(v));
}

function valueCheck(key: string): ((v: string) => boolean) | undefined {
  if (ACCOUNT_KEYS.has(key)) return (v) => /^\d{12}$/.test(v);
  if (ARN_KEYS.has(key)) return (v) => !hasWildcard(v) || /^\d{12}$/.test(v.split(':')[4] ?? '');
  if (key === 'aws:principalorgid') return (v) => v !== '' && !hasWildcard(v);
  return undefined;
}
