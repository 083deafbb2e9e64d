import { PolicySyntaxError } from './errors.js';
import type { ActionMatcher } from './types.js';
import { globRegExp, hasWildcard } from './wildcard.js';

/** Action names are case-insensitive: patterns and requested actions are compared lower-cased. */
export function compileAction(a: string, path: string): ActionMatcher {
  if (a === '*') return { any: true };
  const colons = a.split(':').length - 1;
  if (colons === 0) {
    throw new PolicySyntaxError(
      `"${a}": actions must be prefaced by a service, e.g. secretsmanager:GetSecretValue`,
      path,
    );
  }
  if (colons > 1) throw new PolicySyntaxError(`"${a}": an action can contain only one colon`, path);
  const lower = a.toLowerCase();
  return hasWildcard(lower) ? { any: false, re: globRegExp(lower) } : { any: false, exact: lower };
}

/** `lowerAction` must already be lower-cased. */
export const actionMatches = (m: ActionMatcher, lowerAction: string): boolean =>
  m.any || ('exact' in m ? m.exact === lowerAction : m.re.test(lowerAction));

/** Whether a statement's Action / NotAction covers the (lower-cased) action. */
export function statementCoversAction(
  s: { actions?: ActionMatcher[]; notActions?: ActionMatcher[] },
  lowerAction: string,
) {
  if (s.actions) return s.actions.some((m) => actionMatches(m, lowerAction));
  return !(s.notActions ?? []).some((m) => actionMatches(m, lowerAction));
}
