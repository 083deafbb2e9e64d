import { assumedRoleName } from './context.js';
import { PolicySyntaxError } from './errors.js';
import type { EvalPrincipal } from './types.js';

/**
 * The Principal / NotPrincipal element, normalised. "*" and {"AWS": "*"} mean everyone; an
 * account id and arn:aws:iam::<acct>:root both name the account (a delegation: the account's own
 * identity policies must also allow); a role ARN covers every session of that role; user, session
 * and other ARNs match exactly. AWS forbids wildcards inside a principal, so they are refused.
 */
export type PrincipalSpec = {
  any: boolean;
  anyAws: boolean;
  accounts: Set<string>;
  arns: Set<string>;
  /** `<account>/<role name>`: a role ARN's path is not part of a session ARN, so only the name counts. */
  roles: Set<string>;
  services: Set<string>;
  /** Federated / CanonicalUser principals are accepted but never match (no such callers here). */
  others: number;
};

/** How a statement's principal covers the caller: directly, only through the caller's account, or not. */
export type PrincipalMatch = 'direct' | 'account' | 'none';

const KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export function compilePrincipal(value: unknown, path: string): PrincipalSpec {
  const spec: PrincipalSpec = {
    any: false,
    anyAws: false,
    accounts: new Set(),
    arns: new Set(),
    roles: new Set(),
    services: new Set(),
    others: 0,
  };
  if (value === '*') {
    spec.any = true;
    return spec;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicySyntaxError('must be "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}', path);
  }
  const entries = Object.entries(value);
  if (entries.length === 0) throw new PolicySyntaxError('must name at least one principal', path);
  for (const [type, ids] of entries) {
    if (!KEYS.has(type)) {
      throw new PolicySyntaxError(
        `unsupported principal type "${type}" (use AWS, Service, Federated or CanonicalUser)`,
        path,
      );
    }
    for (const id of stringList(ids, `${path}.${type}`)) addPrincipal(spec, type, id, `${path}.${type}`);
  }
  return spec;
}

function stringList(v: unknown, path: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) throw new PolicySyntaxError('must not be empty', path);
  for (const s of list)
    if (typeof s !== 'string' || s === '') throw new PolicySyntaxError('must be a string or a list of strings', path);
  return list as string[];
}

const ACCOUNT_RE = /^\d{12}$/;
const ROOT_RE = /^arn:[^:]+:iam::(\d{12}):root$/;
const ROLE_RE = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/;

function addPrincipal(spec: PrincipalSpec, type: string, id: string, path: string): void {
  if (type === 'AWS' && id === '*') {
    spec.anyAws = true;
    return;
  }
  if (id.includes('*') || id.includes('?')) {
    throw new PolicySyntaxError(`"${id}": a principal cannot contain wildcards; only "*" alone means everyone`, path);
  }
  if (type === 'Service') spec.services.add(id.toLowerCase());
  else if (type !== 'AWS') spec.others++;
  else if (ACCOUNT_RE.test(id)) spec.accounts.add(id);
  else {
    const root = ROOT_RE.exec(id);
    if (root) spec.accounts.add(root[1]!);
    else {
      const role = ROLE_RE.exec(id);
      if (role) spec.roles.add(`${role[1]}/${role[2]}`);
      spec.arns.add(id);
    }
  }
}

/** Principal: which way (if any) the statement's principal covers the caller. */
export function matchPrincipal(spec: PrincipalSpec, p: EvalPrincipal): PrincipalMatch {
  if (spec.any) return 'direct';
  if (p.type === 'AWSService') return spec.services.has(p.arn.toLowerCase()) ? 'direct' : 'none';
  if (spec.anyAws || spec.arns.has(p.arn)) return 'direct';
  if (p.type === 'AssumedRole') {
    const role = assumedRoleName(p.arn);
    if (role !== undefined && spec.roles.has(`${p.accountId}/${role}`)) return 'direct';
  }
  return spec.accounts.has(p.accountId) ? 'account' : 'none';
}

/**
 * NotPrincipal. AWS evaluates a caller as the chain account → (role →) user or session, and a
 * NotPrincipal exempts the caller only when every link is listed: a Deny naming just a user still
 * denies that user through its account (the documented trap). The Allow form is read the safe
 * way: it applies only when no link of the chain is listed.
 */
export function notPrincipalApplies(spec: PrincipalSpec, p: EvalPrincipal, effect: 'Allow' | 'Deny'): boolean {
  const links = chainListed(spec, p);
  return effect === 'Deny' ? links.some((listed) => !listed) : links.every((listed) => !listed);
}

function chainListed(spec: PrincipalSpec, p: EvalPrincipal): boolean[] {
  if (spec.any) return [true];
  if (p.type === 'AWSService') return [spec.services.has(p.arn.toLowerCase())];
  const account = spec.anyAws || spec.accounts.has(p.accountId);
  if (p.type === 'Root') return [account];
  const self = spec.anyAws || spec.arns.has(p.arn);
  if (p.type === 'IAMUser') return [account, self];
  const role = assumedRoleName(p.arn);
  const roleListed = spec.anyAws || (role !== undefined && spec.roles.has(`${p.accountId}/${role}`));
  return [account, roleListed, self];
}
