import { parseDate } from '../dates.js';
import { PolicySyntaxError } from '../errors.js';
import { type Cidr, cidrContains, parseCidr, parseIp } from '../ip.js';
import {
  type ContextScalar,
  type Lookup,
  parseTemplate,
  resolveRegExp,
  resolveText,
  type Template,
} from '../variables.js';
import type { Comparison, Family, PreparedValue } from './types.js';

/**
 * The condition operators (IAM "Condition operators" reference). Policy variables are honoured in
 * the String, ARN and Bool families only; wildcards in StringLike and the ARN operators only.
 */
export type OperatorDef = { family: Family; comparison: Comparison; negated: boolean };

const op = (family: Family, comparison: Comparison = 'eq', negated = false): OperatorDef => ({
  family,
  comparison,
  negated,
});

export const OPERATORS: ReadonlyMap<string, OperatorDef> = new Map([
  ['stringequals', op('string')],
  ['stringnotequals', op('string', 'eq', true)],
  ['stringequalsignorecase', op('stringIgnoreCase')],
  ['stringnotequalsignorecase', op('stringIgnoreCase', 'eq', true)],
  ['stringlike', op('like')],
  ['stringnotlike', op('like', 'eq', true)],
  ['numericequals', op('numeric')],
  ['numericnotequals', op('numeric', 'eq', true)],
  ['numericlessthan', op('numeric', 'lt')],
  ['numericlessthanequals', op('numeric', 'le')],
  ['numericgreaterthan', op('numeric', 'gt')],
  ['numericgreaterthanequals', op('numeric', 'ge')],
  ['dateequals', op('date')],
  ['datenotequals', op('date', 'eq', true)],
  ['datelessthan', op('date', 'lt')],
  ['datelessthanequals', op('date', 'le')],
  ['dategreaterthan', op('date', 'gt')],
  ['dategreaterthanequals', op('date', 'ge')],
  ['bool', op('bool')],
  ['binaryequals', op('binary')],
  ['ipaddress', op('ip')],
  ['notipaddress', op('ip', 'eq', true)],
  ['arnequals', op('arn')],
  ['arnlike', op('arn')],
  ['arnnotequals', op('arn', 'eq', true)],
  ['arnnotlike', op('arn', 'eq', true)],
  ['null', op('null')],
]);

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)$/;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Compile one policy value for a family; throws PolicySyntaxError for a value it can never use. */
export function prepareValue(family: Family, raw: string, variables: boolean, path: string): PreparedValue {
  const bad = (what: string) => new PolicySyntaxError(`"${raw}" is not ${what}`, path);
  switch (family) {
    case 'string':
    case 'stringIgnoreCase':
      return parseTemplate(raw, 'equals', variables);
    case 'like':
      return parseTemplate(raw, 'glob', variables);
    case 'arn':
      return parseTemplate(raw, 'arn', variables);
    case 'bool': {
      const tpl = parseTemplate(raw, 'equals', variables);
      if (!tpl.hasVars && !/^(true|false)$/i.test(raw)) throw bad('"true" or "false"');
      return tpl;
    }
    case 'numeric':
      if (!NUMBER_RE.test(raw)) throw bad('a number');
      return Number(raw);
    case 'date': {
      const ms = parseDate(raw);
      if (ms === undefined) throw bad('an ISO 8601 date or epoch seconds');
      return ms;
    }
    case 'binary':
      if (!BASE64_RE.test(raw)) throw bad('base64');
      return new Uint8Array(Buffer.from(raw, 'base64'));
    case 'ip': {
      const cidr = parseCidr(raw);
      if (!cidr) throw bad('an IPv4 or IPv6 address or CIDR block');
      return cidr;
    }
    case 'null':
      if (!/^(true|false)$/i.test(raw)) throw bad('"true" or "false"');
      return raw.toLowerCase() === 'true';
  }
}

/**
 * Does one request value match one policy value, in the operator's positive sense?
 * undefined: the policy value uses a variable that the request cannot resolve.
 */
export function matchValue(
  family: Family,
  comparison: Comparison,
  rv: ContextScalar,
  pv: PreparedValue,
  lookup: Lookup,
): boolean | undefined {
  switch (family) {
    case 'string': {
      const text = resolveText(pv as Template, lookup);
      return text === undefined ? undefined : String(rv) === text;
    }
    case 'stringIgnoreCase': {
      const text = resolveText(pv as Template, lookup);
      return text === undefined ? undefined : String(rv).toLowerCase() === text.toLowerCase();
    }
    case 'like':
    case 'arn': {
      if (family === 'arn' && typeof rv !== 'string') return false;
      const re = resolveRegExp(pv as Template, lookup);
      return re === undefined ? undefined : re.test(String(rv));
    }
    case 'bool': {
      const text = resolveText(pv as Template, lookup);
      return text === undefined ? undefined : String(rv).toLowerCase() === text.toLowerCase();
    }
    case 'numeric':
      return compare(toNumber(rv), pv as number, comparison);
    case 'date':
      return compare(parseDate(rv), pv as number, comparison);
    case 'binary':
      return typeof rv === 'string' && bytesEqual(Buffer.from(rv, 'base64'), pv as Uint8Array);
    case 'ip': {
      const ip = typeof rv === 'string' ? parseIp(rv) : undefined;
      return ip !== undefined && cidrContains(pv as Cidr, ip);
    }
    case 'null':
      return false;
  }
}

function toNumber(v: ContextScalar): number | undefined {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && NUMBER_RE.test(v) ? Number(v) : undefined;
}

function compare(a: number | undefined, b: number, c: Comparison): boolean {
  if (a === undefined || Number.isNaN(a)) return false;
  switch (c) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
