import { compileAction } from './action.js';
import { compileConditions } from './conditions/compile.js';
import { PolicySyntaxError } from './errors.js';
import { compilePrincipal } from './principal.js';
import type { CompiledPolicy, CompiledStatement, PolicyKind, PolicyVersion } from './types.js';
import { parseTemplate } from './variables.js';

/**
 * Parses and compiles a policy document once: wildcards become RegExps, principals sets,
 * conditions prepared values. Follows the IAM policy grammar; identity policies must not name a
 * principal, resource, key and trust policies must; trust policies have no Resource. Throws
 * PolicySyntaxError naming the offending element.
 */
export function parsePolicy(text: string, kind: PolicyKind): CompiledPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PolicySyntaxError(`the policy is not valid JSON (${(e as Error).message})`);
  }
  return compilePolicy(doc, kind);
}

const TOP_KEYS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

export function compilePolicy(doc: unknown, kind: PolicyKind): CompiledPolicy {
  if (!isObject(doc)) throw new PolicySyntaxError('a policy must be a JSON object with a Statement');
  for (const k of Object.keys(doc)) {
    if (!TOP_KEYS.has(k))
      throw new PolicySyntaxError(`unknown element "${k}" (a policy has Version, Id and Statement)`);
  }
  const version = parseVersion(doc.Version);
  if (doc.Id !== undefined && typeof doc.Id !== 'string') throw new PolicySyntaxError('must be a string', 'Id');
  if (doc.Statement === undefined) throw new PolicySyntaxError('the policy has no Statement');
  const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  if (list.length === 0) throw new PolicySyntaxError('must contain at least one statement', 'Statement');
  const sids = new Set<string>();
  const statements = list.map((s, i) => compileStatement(s, i, kind, version, Array.isArray(doc.Statement)));
  for (const s of statements) {
    if (s.sid === undefined) continue;
    if (sids.has(s.sid)) throw new PolicySyntaxError(`statement ids must be unique; "${s.sid}" repeats`, 'Statement');
    sids.add(s.sid);
  }
  return { kind, version, statements };
}

function parseVersion(v: unknown): PolicyVersion {
  if (v === undefined) return '2008-10-17';
  if (v === '2012-10-17' || v === '2008-10-17') return v;
  throw new PolicySyntaxError(`must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(v)}`, 'Version');
}

function compileStatement(
  s: unknown,
  index: number,
  kind: PolicyKind,
  version: PolicyVersion,
  inArray: boolean,
): CompiledStatement {
  const path = inArray ? `Statement[${index}]` : 'Statement';
  if (!isObject(s)) throw new PolicySyntaxError('must be an object', path);
  for (const k of Object.keys(s)) {
    if (!STATEMENT_KEYS.has(k)) throw new PolicySyntaxError(`unknown element "${k}"`, path);
  }
  const variables = version === '2012-10-17';
  const out: CompiledStatement = { index, effect: parseEffect(s.Effect, `${path}.Effect`), conditions: [] };
  if (s.Sid !== undefined) {
    if (typeof s.Sid !== 'string') throw new PolicySyntaxError('must be a string', `${path}.Sid`);
    out.sid = s.Sid;
  }
  const action = exactlyOne(s, 'Action', 'NotAction', path);
  out[action === 'Action' ? 'actions' : 'notActions'] = stringList(s[action], `${path}.${action}`).map((a) =>
    compileAction(a, `${path}.${action}`),
  );
  compileResources(s, kind, variables, path, out);
  compilePrincipals(s, kind, path, out);
  if (s.Condition !== undefined) out.conditions = compileConditions(s.Condition, variables, `${path}.Condition`);
  return out;
}

function parseEffect(v: unknown, path: string): 'Allow' | 'Deny' {
  if (v === 'Allow' || v === 'Deny') return v;
  throw new PolicySyntaxError(
    v === undefined ? 'is missing' : `must be "Allow" or "Deny", not ${JSON.stringify(v)}`,
    path,
  );
}

function compileResources(
  s: Record<string, unknown>,
  kind: PolicyKind,
  variables: boolean,
  path: string,
  out: CompiledStatement,
) {
  const has = s.Resource !== undefined || s.NotResource !== undefined;
  if (kind === 'trust') {
    if (has) throw new PolicySyntaxError('a trust policy has no Resource or NotResource', path);
    return;
  }
  // A resource (or key) policy may omit Resource: it then covers the resource it is attached to.
  if (!has && (kind === 'resource' || kind === 'key')) return;
  const el = exactlyOne(s, 'Resource', 'NotResource', path);
  const templates = stringList(s[el], `${path}.${el}`).map((r) => parseTemplate(r, 'resource', variables));
  if (el === 'Resource') out.resources = templates;
  else out.notResources = templates;
}

function compilePrincipals(s: Record<string, unknown>, kind: PolicyKind, path: string, out: CompiledStatement) {
  if (kind === 'identity') {
    if (s.Principal !== undefined || s.NotPrincipal !== undefined) {
      throw new PolicySyntaxError('an identity-based policy must not specify a Principal or NotPrincipal', path);
    }
    return;
  }
  const el = exactlyOne(s, 'Principal', 'NotPrincipal', path);
  const spec = compilePrincipal(s[el], `${path}.${el}`);
  if (el === 'Principal') out.principal = spec;
  else out.notPrincipal = spec;
}

function exactlyOne<A extends string, B extends string>(s: Record<string, unknown>, a: A, b: B, path: string): A | B {
  const hasA = s[a] !== undefined;
  const hasB = s[b] !== undefined;
  if (hasA && hasB) throw new PolicySyntaxError(`a statement has ${a} or ${b}, not both`, path);
  if (!hasA && !hasB) throw new PolicySyntaxError(`a statement needs ${a} or ${b}`, path);
  return hasA ? a : b;
}

function stringList(v: unknown, path: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new PolicySyntaxError('must not be empty', path);
  for (const x of list) {
    if (typeof x !== 'string' || x === '') throw new PolicySyntaxError('must be a string or a list of strings', path);
  }
  return list as string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
