import type { Authorize } from '../app/authorize.js';
import type { Principal } from '../app/context.js';
import { createIamServices, type IamServices } from '../app/iam/wire.js';
import type { Clock } from '../lib/clock.js';
import type { Store } from '../storage/ports.js';
import { createAuthorizer } from './authorizer.js';
import { createFactsCache, createGeneration, createPolicyCache } from './authorizer-cache.js';
import { devPrincipal } from './principal.js';
import { createCredentialMint } from './sessions-mint.js';
import { createCredentialResolver } from './sessions-resolver.js';
import type { SigV4Identity } from './verify-sigv4.js';

/**
 * Identities for the composition root: the authorizer, the verifier's key lookup, the principal
 * of a verified request, and the IAM/STS use cases, sharing one cache generation so that an
 * identity write (here or by `strongroom admin` on the same database) reaches all of them.
 *
 * In dev mode a key this server issued (CreateAccessKey, AssumeRole) is still resolved to its
 * user or role session, so policies can be tried out; any other key is a dev root principal.
 */
export type Identity = {
  authorize: Authorize;
  lookup: (accessKeyId: string) => Promise<string | undefined>;
  principalFor: (identity: SigV4Identity) => Promise<Principal>;
  iam: IamServices;
  /** Drops every cached identity now: another node changed identities (PostgreSQL notices). */
  invalidate(): void;
};

export function wireIdentity(o: { store: Store; rootKey: Uint8Array; clock: Clock; dev: boolean }): Identity {
  const generation = createGeneration(o.store, o.clock);
  const compile = createPolicyCache();
  const authorize = createAuthorizer({
    store: o.store,
    facts: createFactsCache(o.store, generation, compile),
    compile,
  });
  const credentials = createCredentialResolver(o.store, o.rootKey, generation);
  const iam = createIamServices({
    store: o.store,
    authorize,
    mint: createCredentialMint(o.rootKey),
    changed: generation.bump,
  });
  return {
    authorize,
    lookup: credentials.lookup,
    async principalFor(identity) {
      if (o.dev && !(await credentials.known(identity.accessKeyId))) return devPrincipal(identity.accessKeyId);
      return credentials.principal(identity, o.clock.now());
    },
    iam,
    invalidate: generation.bump,
  };
}
