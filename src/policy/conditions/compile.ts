import { PolicySyntaxError } from '../errors.js';
import { OPERATORS, prepareValue } from './operators.js';
import type { CompiledCondition } from './types.js';

/**
 * Compiles a Condition block: { Operator: { key: value | [values] } }. Operators AND together,
 * keys within an operator AND together, values within a key OR together (NOR for a negated
 * operator). An operator may carry a ForAnyValue: / ForAllValues: prefix and an IfExists suffix.
 */
export function compileConditions(block: unknown, variables: boolean, path: string): CompiledCondition[] {
  if (!isObject(block)) throw new PolicySyntaxError('must be an object of condition operators', path);
  const out: CompiledCondition[] = [];
  for (const [operator, keys] of Object.entries(block)) {
    const opPath = `${path}.${operator}`;
    const parsed = parseOperator(operator, opPath);
    if (!isObject(keys) || Object.keys(keys).length === 0) {
      throw new PolicySyntaxError('must be an object of condition keys and values', opPath);
    }
    for (const [rawKey, values] of Object.entries(keys)) {
      const keyPath = `${opPath}.${rawKey}`;
      if (!rawKey.includes(':')) {
        throw new PolicySyntaxError(
          `condition key "${rawKey}" must be prefaced by a vendor, e.g. aws: or secretsmanager:`,
          keyPath,
        );
      }
      const raw = valueList(values, keyPath);
      out.push({
        operator,
        rawKey,
        key: rawKey.toLowerCase(),
        ...parsed,
        values: raw.map((v) => prepareValue(parsed.family, v, variables, keyPath)),
        raw,
      });
    }
  }
  return out;
}

type ParsedOperator = Pick<CompiledCondition, 'set' | 'ifExists' | 'negated' | 'family' | 'comparison'>;

function parseOperator(operator: string, path: string): ParsedOperator {
  let name = operator;
  let set: 'any' | 'all' | undefined;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const prefix = name.slice(0, colon).toLowerCase();
    if (prefix === 'foranyvalue') set = 'any';
    else if (prefix === 'forallvalues') set = 'all';
    else
      throw new PolicySyntaxError(
        `unknown set operator "${name.slice(0, colon)}" (use ForAnyValue or ForAllValues)`,
        path,
      );
    name = name.slice(colon + 1);
  }
  let ifExists = false;
  if (/ifexists$/i.test(name)) {
    ifExists = true;
    name = name.slice(0, -'IfExists'.length);
  }
  const def = OPERATORS.get(name.toLowerCase());
  if (!def) throw new PolicySyntaxError(`unknown condition operator "${operator}"`, path);
  if (def.family === 'null' && (ifExists || set)) {
    throw new PolicySyntaxError('Null takes neither IfExists nor a ForAnyValue/ForAllValues prefix', path);
  }
  const parsed: ParsedOperator = { ifExists, negated: def.negated, family: def.family, comparison: def.comparison };
  if (set) parsed.set = set;
  return parsed;
}

function valueList(v: unknown, path: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new PolicySyntaxError('must have at least one value', path);
  return list.map((x) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    throw new PolicySyntaxError('values must be strings, numbers or booleans', path);
  });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
