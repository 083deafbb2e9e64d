import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../app/context.js';
import { gcmOpen } from '../crypto/aes-gcm.js';
import { Errors } from '../domain/errors.js';
import type { SessionRecord } from '../storage/iam-ports.js';
import type { AccessKeyRecord, Store } from '../storage/ports.js';
import type { Generation } from './authorizer-cache.js';
import { hashSessionToken, openSessionSecret } from './sessions-mint.js';
import type { SigV4Identity } from './verify-sigv4.js';

/**
 * Signing keys and principals for the SigV4 verifier, for long-term keys (AKIA…, Active ones
 * only) and STS session keys (ASIA…). The unsealed secrets are cached in memory per key id (the
 * verifier needs them on every request) and dropped whenever identity data changes, so a key made
 * Inactive or deleted stops working at once in this process (within the generation poll elsewhere).
 *
 * After the signature is verified, `principal` checks what the signature cannot: a session key
 * must come with its own session token (compared as SHA-256 digests in constant time) and before
 * its expiry (ExpiredTokenException); a long-term key must come without a token.
 */
type Entry = { secret: string; key?: AccessKeyRecord; userId?: string; session?: SessionRecord };

export type CredentialResolver = {
  lookup(accessKeyId: string): Promise<string | undefined>;
  /** The verified caller, or throws the AWS error for a bad token / expired session. */
  principal(identity: SigV4Identity, now: number): Promise<Principal>;
  /** Whether this key id is one of ours (dev mode accepts anything else as a dev principal). */
  known(accessKeyId: string): Promise<boolean>;
};

const aad = (accessKeyId: string) => Buffer.from(`strongroom:access-key:v1:${accessKeyId}`);

export function createCredentialResolver(
  store: Store,
  rootKey: Uint8Array,
  generation: Generation,
): CredentialResolver {
  const cache = new Map<string, Entry>();
  let seen = -1;

  async function entry(accessKeyId: string): Promise<Entry | undefined> {
    const g = await generation.current();
    if (g !== seen) {
      cache.clear();
      seen = g;
    }
    const hit = cache.get(accessKeyId);
    if (hit) return hit;
    const loaded = accessKeyId.startsWith('ASIA') ? await loadSession(accessKeyId) : await loadKey(accessKeyId);
    if (loaded && (await generation.current()) === seen) cache.set(accessKeyId, loaded);
    return loaded;
  }

  async function loadKey(accessKeyId: string): Promise<Entry | undefined> {
    const key = await store.findAccessKey(accessKeyId);
    if (key?.status !== 'Active') return undefined;
    // An IAM user's unique id, for the audit trail's principalId (cached with the key).
    const user = key.principalArn.endsWith(':root') ? undefined : await store.findUser(key.accountId, key.userName);
    const secret = gcmOpen(rootKey, key.sealedSecret, aad(accessKeyId)).toString('utf8');
    return { secret, key, ...(user && { userId: user.userId }) };
  }

  async function loadSession(accessKeyId: string): Promise<Entry | undefined> {
    const session = await store.findSession(accessKeyId);
    if (!session) return undefined;
    return { secret: openSessionSecret(rootKey, accessKeyId, session.sealedSecret), session };
  }

  return {
    lookup: async (accessKeyId) => (await entry(accessKeyId))?.secret,
    known: async (accessKeyId) => (await entry(accessKeyId)) !== undefined,
    async principal(identity, now) {
      const e = await entry(identity.accessKeyId);
      if (e?.session) return sessionPrincipal(e.session, identity, now);
      if (!e?.key || identity.sessionToken !== undefined) throw Errors.sigUnknownKey();
      return keyPrincipal(e.key, e.userId);
    },
  };
}

function keyPrincipal(k: AccessKeyRecord, userId: string | undefined): Principal {
  const root = k.principalArn.endsWith(':root');
  return {
    accountId: k.accountId,
    arn: root ? `arn:aws:iam::${k.accountId}:root` : k.principalArn,
    type: root ? 'Root' : 'IAMUser',
    userName: root ? 'root' : k.userName,
    accessKeyId: k.accessKeyId,
    isAdmin: root,
    ...(!root && userId !== undefined && { principalId: userId }),
  };
}

function sessionPrincipal(s: SessionRecord, identity: SigV4Identity, now: number): Principal {
  const presented = identity.sessionToken;
  const digest = presented === undefined ? undefined : hashSessionToken(presented);
  if (!digest || digest.length !== s.tokenHash.length || !timingSafeEqual(digest, s.tokenHash)) {
    throw Errors.sigUnknownKey();
  }
  if (now >= s.expiresAt) throw Errors.expiredToken();
  return {
    accountId: s.accountId,
    arn: `arn:aws:sts::${s.accountId}:assumed-role/${s.roleName}/${s.sessionName}`,
    type: 'AssumedRole',
    userName: s.sessionName,
    accessKeyId: s.accessKeyId,
    isAdmin: false,
    session: {
      roleArn: s.roleArn,
      roleId: s.roleId,
      roleName: s.roleName,
      createdAt: s.createdAt,
      ...(s.sourceIdentity !== undefined && { sourceIdentity: s.sourceIdentity }),
      ...(s.sourceFunctionArn !== undefined && { sourceFunctionArn: s.sourceFunctionArn }),
    },
  };
}
