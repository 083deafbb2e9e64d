/**
 * EventBridge event patterns, the subset subscriptions use: exact values, `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but` (a value, a list, or a prefix), `exists`, and `$or`.
 * A pattern is an object whose leaves are arrays of matchers; a field matches when its value (or,
 * for an array value, any element) matches any matcher in the array. Every field of the pattern
 * must match; a field absent from the event matches only `{"exists": false}`.
 */
export type Pattern = { [key: string]: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLiteral = (v: unknown): v is string | number | boolean | null =>
  v === null || ['string', 'number', 'boolean'].includes(typeof v);

const OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'exists']);

function checkMatcher(m: unknown, path: string): void {
  if (isLiteral(m)) return;
  if (!isObject(m) || Object.keys(m).length !== 1) throw new Error(`${path}: a matcher is a value or a one-key object`);
  const [op, arg] = Object.entries(m)[0]!;
  if (!OPERATORS.has(op)) throw new Error(`${path}: unsupported operator "${op}"`);
  if (op === 'exists' && typeof arg !== 'boolean') throw new Error(`${path}: "exists" takes true or false`);
  if ((op === 'prefix' || op === 'suffix' || op === 'equals-ignore-case') && typeof arg !== 'string') {
    throw new Error(`${path}: "${op}" takes a string`);
  }
  if (op === 'anything-but') {
    const ok =
      isLiteral(arg) ||
      (Array.isArray(arg) && arg.every(isLiteral)) ||
      (isObject(arg) && Object.keys(arg).join() === 'prefix' && typeof arg.prefix === 'string');
    if (!ok) throw new Error(`${path}: "anything-but" takes a value, a list of values or {"prefix": "..."}`);
  }
}

/** Throws an Error naming the first problem; returns the pattern otherwise. */
export function parsePattern(text: string): Pattern {
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch {
    throw new Error('the pattern is not valid JSON');
  }
  if (!isObject(p)) throw new Error('the pattern must be a JSON object');
  checkObject(p, '');
  return p;
}

function checkObject(p: Record<string, unknown>, path: string): void {
  for (const [key, v] of Object.entries(p)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(v) || v.length < 2 || !v.every(isObject))
        throw new Error(`${at}: takes a list of 2+ patterns`);
      for (const [i, sub] of v.entries()) checkObject(sub as Record<string, unknown>, `${at}[${i}]`);
    } else if (Array.isArray(v)) {
      if (v.length === 0) throw new Error(`${at}: an empty list matches nothing`);
      for (const m of v) checkMatcher(m, at);
    } else if (isObject(v)) {
      checkObject(v, at);
    } else {
      throw new Error(`${at}: leaves must be lists, e.g. ["value"]`);
    }
  }
}

function matchOne(m: unknown, v: unknown): boolean {
  if (isLiteral(m)) return m === v;
  const [op, arg] = Object.entries(m as Record<string, unknown>)[0]!;
  switch (op) {
    case 'prefix':
      return typeof v === 'string' && v.startsWith(arg as string);
    case 'suffix':
      return typeof v === 'string' && v.endsWith(arg as string);
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === (arg as string).toLowerCase();
    case 'anything-but':
      if (isObject(arg)) return typeof v === 'string' && !v.startsWith(arg.prefix as string);
      return Array.isArray(arg) ? !arg.includes(v as never) : arg !== v;
    case 'exists':
      return arg === true;
    default:
      return false;
  }
}

function matchLeaf(matchers: unknown[], present: boolean, v: unknown): boolean {
  if (!present) return matchers.some((m) => isObject(m) && m.exists === false);
  if (isObject(v)) return false;
  const values = Array.isArray(v) ? v : [v];
  return matchers.some((m) => !(isObject(m) && m.exists === false) && values.some((x) => matchOne(m, x)));
}

export function matches(p: Pattern, event: unknown): boolean {
  const e = isObject(event) ? event : {};
  for (const [key, v] of Object.entries(p)) {
    if (key === '$or') {
      if (!(v as Pattern[]).some((sub) => matches(sub, e))) return false;
    } else if (Array.isArray(v)) {
      if (!matchLeaf(v, key in e && e[key] !== undefined, e[key])) return false;
    } else if (!matches(v as Pattern, e[key])) {
      return false;
    }
  }
  return true;
}
