import type { Principal } from '../app/context.js';
import type { Tag } from '../domain/secret.js';
import type { Clock } from '../lib/clock.js';
import { type CompiledPolicy, type EvalPrincipal, type PolicyKind, parsePolicy } from '../policy/index.js';
import type { Store } from '../storage/ports.js';

/**
 * What the authorizer and the key resolver keep between requests, and when they drop it.
 *
 * Policies are compiled once per distinct text (the text is the key, so a changed policy is a new
 * entry). What a principal is (tags, ids, identity policies) is cached per access key until the
 * identity data changes: this process calls `bump()` after its own writes (immediate), and the
 * store's generation counter, read at most once per `pollMs`, reveals writes by other processes
 * (the admin CLI on the same database file), which therefore take effect within `pollMs`.
 */
export type Generation = {
  /** A number that changes whenever cached identity data may be stale. */
  current(): Promise<number>;
  bump(): void;
};

export function createGeneration(store: Pick<Store, 'getIamGeneration'>, clock: Clock, pollMs = 1000): Generation {
  let epoch = 0;
  let stored: number | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  return {
    async current() {
      const now = clock.now();
      if (now - checkedAt >= pollMs) {
        checkedAt = now;
        const g = await store.getIamGeneration();
        if (g !== stored) {
          stored = g;
          epoch++;
        }
      }
      return epoch;
    },
    bump() {
      epoch++;
      checkedAt = Number.NEGATIVE_INFINITY;
    },
  };
}

/** A compiled policy, or INVALID when a stored text no longer compiles (then access fails closed). */
export const INVALID = Symbol('invalid policy');
export type Compiled = CompiledPolicy | typeof INVALID;

const MAX_POLICIES = 10_000;
const FULL_ACCESS = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

export function createPolicyCache(): (text: string, kind: PolicyKind) => Compiled {
  const cache = new Map<string, Compiled>();
  return (text, kind) => {
    const key = `${kind}\u0000${text}`;
    let hit = cache.get(key);
    if (hit === undefined) {
      try {
        hit = parsePolicy(text, kind);
      } catch {
        hit = INVALID;
      }
      if (cache.size >= MAX_POLICIES) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  };
}

/** The principal as the policy engine sees it, its identity policies, and context keys it implies. */
export type PrincipalFacts = {
  principal: EvalPrincipal;
  policies: Compiled[];
  context: Record<string, string | number | boolean>;
};

export const tagRecord = (tags: readonly Tag[]): Record<string, string> =>
  Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

export function createFactsCache(store: Store, generation: Generation, compile: ReturnType<typeof createPolicyCache>) {
  const cache = new Map<string, PrincipalFacts>();
  let seen = -1;

  async function load(p: Principal): Promise<PrincipalFacts> {
    const base: EvalPrincipal = { arn: p.arn, accountId: p.accountId, type: p.type };
    // Service principals of Strongroom's own workers (built-in rotation) that are not an account
    // root get the administrator's reach: every action in their own account.
    if (p.isAdmin && p.type !== 'Root')
      return { principal: base, policies: [compile(FULL_ACCESS, 'identity')], context: {} };
    if (p.type === 'IAMUser') {
      const user = await store.findUser(p.accountId, p.userName);
      if (!user || user.arn !== p.arn) return { principal: base, policies: [], context: {} };
      const owner = { accountId: p.accountId, kind: 'user' as const, name: user.userName };
      const docs = await store.listInlinePolicies(owner);
      return {
        principal: { ...base, tags: tagRecord(user.tags), userName: user.userName, userId: user.userId },
        policies: docs.map((d) => compile(d.document, 'identity')),
        context: {},
      };
    }
    if (p.type === 'AssumedRole') return loadSession(p, base);
    return { principal: base, policies: [], context: {} };
  }

  /** A session keeps the permissions of the role it was issued for: a recreated role is another. */
  async function loadSession(p: Principal, base: EvalPrincipal): Promise<PrincipalFacts> {
    const session = await store.findSession(p.accessKeyId);
    const role = session && (await store.findRole(session.accountId, session.roleName));
    if (!session || !role || role.roleId !== session.roleId) return { principal: base, policies: [], context: {} };
    const docs = await store.listInlinePolicies({ accountId: role.accountId, kind: 'role', name: role.roleName });
    const userId = `${role.roleId}:${session.sessionName}`;
    return {
      // Session tags override the role's tags of the same key (AWS "Tagging AWS STS sessions").
      principal: { ...base, tags: { ...tagRecord(role.tags), ...tagRecord(session.tags) }, userId },
      policies: docs.map((d) => compile(d.document, 'identity')),
      context: {
        'aws:PrincipalArn': role.arn,
        'aws:TokenIssueTime': new Date(session.createdAt).toISOString(),
        ...(session.sourceIdentity !== undefined && { 'aws:SourceIdentity': session.sourceIdentity }),
        // Lambda's key for requests made with a function's execution-role credentials.
        ...(session.sourceFunctionArn !== undefined && { 'lambda:SourceFunctionArn': session.sourceFunctionArn }),
      },
    };
  }

  return async (p: Principal): Promise<PrincipalFacts> => {
    const g = await generation.current();
    if (g !== seen) {
      cache.clear();
      seen = g;
    }
    const key = `${p.type}\u0000${p.accessKeyId}\u0000${p.arn}`;
    let facts = cache.get(key);
    if (!facts) {
      facts = await load(p);
      // A write that landed while loading makes these facts stale: use them once, do not keep them.
      if ((await generation.current()) === seen) cache.set(key, facts);
    }
    return facts;
  };
}
