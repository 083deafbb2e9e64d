import { statementCoversAction } from './action.js';
import { PolicySyntaxError } from './errors.js';
import { parsePolicy } from './parse.js';
import { isPublicStatement } from './public.js';
import type { CompiledPolicy, CompiledStatement } from './types.js';

export type ValidationError = { CheckName: string; ErrorMessage: string };
export type ValidationResult = { passed: boolean; errors: ValidationError[] };

/**
 * ValidateResourcePolicy's three documented checks, in Strongroom's terms: the policy's syntax,
 * broad (public) access per catalog decision 15, and lock-out (a Deny that no principal escapes on
 * the actions that change or remove the policy). AWS does not document its CheckName values;
 * these names are Strongroom's (docs/policies.md).
 */
export const CHECKS = {
  syntax: 'SYNTAX_CHECK',
  broadAccess: 'BROAD_ACCESS_CHECK',
  lockout: 'LOCKOUT_CHECK',
} as const;

export function validateResourcePolicy(text: string): ValidationResult {
  let policy: CompiledPolicy;
  try {
    policy = parsePolicy(text, 'resource');
  } catch (e) {
    if (!(e instanceof PolicySyntaxError)) throw e;
    return {
      passed: false,
      errors: [{ CheckName: CHECKS.syntax, ErrorMessage: `This policy has invalid syntax: ${e.message}` }],
    };
  }
  const errors: ValidationError[] = [];
  for (const s of policy.statements) {
    if (isPublicStatement(s)) errors.push({ CheckName: CHECKS.broadAccess, ErrorMessage: broadMessage(s) });
    if (locksOut(s)) errors.push({ CheckName: CHECKS.lockout, ErrorMessage: lockoutMessage(s) });
  }
  return { passed: errors.length === 0, errors };
}

const label = (s: CompiledStatement) => (s.sid ? `Statement "${s.sid}"` : `Statement ${s.index + 1}`);

const broadMessage = (s: CompiledStatement) =>
  `${label(s)} grants broad access to the secret: it allows every principal ("*"${s.notPrincipal ? ' through NotPrincipal' : ''}) ` +
  'and no condition restricts it to specific values of aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, ' +
  'aws:SourceArn or aws:PrincipalOrgID.';

const lockoutMessage = (s: CompiledStatement) =>
  `${label(s)} denies every principal, without conditions, the actions that change or delete this resource policy; ` +
  'after it is attached no one could modify or remove the policy.';

const POLICY_ACTIONS = ['secretsmanager:putresourcepolicy', 'secretsmanager:deleteresourcepolicy'];

function locksOut(s: CompiledStatement): boolean {
  if (s.effect !== 'Deny' || s.conditions.length > 0) return false;
  if (!s.principal || !(s.principal.any || s.principal.anyAws)) return false;
  if (s.notResources || (s.resources && !s.resources.some((r) => r.raw === '*'))) return false;
  return POLICY_ACTIONS.some((a) => statementCoversAction(s, a));
}
