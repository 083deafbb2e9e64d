import type { ContextScalar, ContextValue, Lookup } from '../variables.js';
import { matchValue } from './operators.js';
import type { CompiledCondition } from './types.js';

/** All conditions of a statement hold (they AND together). */
export function conditionsHold(conditions: CompiledCondition[], lookup: Lookup): boolean {
  for (const c of conditions) if (!conditionHolds(c, lookup)) return false;
  return true;
}

/**
 * One operator/key pair, following the IAM rules for absent keys: a missing key fails a positive
 * operator and satisfies a negated one; IfExists makes a missing key satisfy either; Null tests
 * presence alone. With a set operator an empty or missing key makes ForAllValues true and
 * ForAnyValue false (ForAnyValue…IfExists: true when missing).
 */
export function conditionHolds(c: CompiledCondition, lookup: Lookup): boolean {
  const value = lookup(c.key);
  if (c.family === 'null') {
    const absent = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    return (c.values as boolean[]).includes(absent);
  }
  if (c.set) {
    const values = asSet(value);
    if (values.length === 0) return c.set === 'all' || (value === undefined && c.ifExists);
    return c.set === 'all' ? values.every((v) => satisfies(c, v, lookup)) : values.some((v) => satisfies(c, v, lookup));
  }
  if (value === undefined) return c.ifExists || c.negated;
  if (!Array.isArray(value)) return satisfies(c, value, lookup);
  // A multivalued key under a single-value operator: positive operators need one request value
  // to match; negated operators need none to (the NOR over every value).
  return c.negated ? value.every((v) => satisfies(c, v, lookup)) : value.some((v) => satisfies(c, v, lookup));
}

const asSet = (v: ContextValue | undefined): ContextScalar[] =>
  v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];

/**
 * One request value against the policy's values: OR for positive operators; for negated ones,
 * true only when no value matches and every value could be resolved (an unresolvable variable
 * never makes a comparison succeed).
 */
function satisfies(c: CompiledCondition, rv: ContextScalar, lookup: Lookup): boolean {
  let unresolved = false;
  for (const pv of c.values) {
    const m = matchValue(c.family, c.comparison, rv, pv, lookup);
    if (m === true) return !c.negated;
    if (m === undefined) unresolved = true;
  }
  return c.negated && !unresolved;
}
