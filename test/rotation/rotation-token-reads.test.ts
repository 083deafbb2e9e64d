import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/app/context.js';
import { issueSession, type SessionOptions } from '../../src/app/iam/assume-role.js';
import { assertRotationToken } from '../../src/app/rotation/rotation-token.js';
import { rotationPrincipal } from '../../src/app/rotation/secrets-api.js';
import { createGeneration } from '../../src/auth/authorizer-cache.js';
import { createCredentialMint } from '../../src/auth/sessions-mint.js';
import { createCredentialResolver } from '../../src/auth/sessions-resolver.js';
import type { SecretRecord } from '../../src/domain/secret.js';
import { manualClock } from '../../src/lib/clock.js';
import type { IamRoleRecord } from '../../src/storage/iam-ports.js';
import type { Store } from '../../src/storage/ports.js';
import { ACCOUNT, admin, failure, type Harness, harness, T0 } from '../app/harness.js';
import { LAMBDA_TRUST } from './helpers.js';

/**
 * PutSecretValue without a RotationToken (statement 99, rotation-token.ts) decides from the caller
 * the credential resolver built: the execution-role session's function ARN comes with the
 * principal, so the check never reads the session again, and callers without a role session (the
 * built-in rotation principal, long-term keys) cost no read of the rotation run either. Real
 * sessions minted by the IAM use case and resolved by the real resolver, over a real in-memory
 * SQLite store whose reads are counted.
 */
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`;
const OTHER_FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:another`;

let h: Harness;
let role: IamRoleRecord;
let secret: SecretRecord;
let token: string;
let reads: string[];
let counted: Store;
const rootKey = randomBytes(32);

beforeEach(async () => {
  h = await harness(async () => {});
  const mint = createCredentialMint(rootKey);
  role = {
    accountId: ACCOUNT,
    roleName: 'rotator-exec',
    roleId: mint.roleId(),
    path: '/',
    arn: `arn:aws:iam::${ACCOUNT}:role/rotator-exec`,
    createdAt: T0,
    trustPolicy: LAMBDA_TRUST,
    maxSessionDuration: 3600,
    tags: [],
  };
  await h.store.insertRole(role);
  secret = await h.insert({ name: `tokens/${randomUUID()}` });
  token = randomUUID();
  await h.store.insertRotationRun({
    id: randomUUID(),
    secretId: secret.id,
    token,
    rotationToken: randomUUID(),
    kind: 'rotate',
    functionArn: FN,
    status: 'running',
    attempts: 0,
    nextAttemptAt: T0,
    createdAt: T0,
    updatedAt: T0,
  });
  reads = [];
  const watched = new Set(['findSession', 'findActiveRotationRun']);
  counted = new Proxy(h.store, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function' || !watched.has(String(key))) return v;
      return (...args: unknown[]) => {
        reads.push(String(key));
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
});
afterEach(async () => {
  await h.close();
});

/** A session of the role minted as STS (or Lambda) does, then resolved as a signed request is. */
async function sessionPrincipal(o: Partial<SessionOptions> = {}): Promise<Principal> {
  const mint = createCredentialMint(rootKey);
  const iam = { store: h.store, authorize: async () => {}, mint, changed: () => {} };
  const s = await issueSession(iam, role, { sessionName: 'rotator', durationSeconds: 900, now: T0, ...o });
  const resolver = createCredentialResolver(h.store, rootKey, createGeneration(h.store, manualClock(T0)));
  const identity = { accessKeyId: s.accessKeyId, sessionToken: s.sessionToken, region: 'us-east-1', service: 'x' };
  return resolver.principal({ ...identity, presigned: false }, T0);
}

const check = (p: Principal, versionId: string) => assertRotationToken(counted, p, secret, versionId, undefined, T0);

describe('the RotationToken check of a PutSecretValue without one', () => {
  it('gets the execution-role session function ARN from the principal, not from a second session read', async () => {
    const p = await sessionPrincipal({ sourceFunctionArn: FN });
    expect(p.session?.sourceFunctionArn).toBe(FN);
    await check(p, token);
    expect(reads).toEqual(['findActiveRotationRun']);
  });

  it('still refuses the execution-role session of another function, and a role the function assumed', async () => {
    const message = `Pending secret version ${token} for Secret ${secret.arn} was not created by Lambda ${FN}. Remove the AWSPENDING staging label and restart rotation`;
    const other = await sessionPrincipal({ sourceFunctionArn: OTHER_FN });
    expect(await failure(check(other, token))).toEqual({ code: 'InvalidRequestException', message });
    const chained = await sessionPrincipal({ sessionName: 'chained' });
    expect(chained.session).toBeDefined();
    expect(chained.session).not.toHaveProperty('sourceFunctionArn');
    expect(await failure(check(chained, token))).toEqual({ code: 'InvalidRequestException', message });
    expect(reads).toEqual(['findActiveRotationRun', 'findActiveRotationRun']);
    // The refusal marked the run, as before: the engine fails the attempt with that message.
    expect((await h.store.findActiveRotationRun(secret.id))?.foreignWriteAt).toBe(T0);
  });

  it('lets a role session write another version after reading the run only', async () => {
    await check(await sessionPrincipal({ sessionName: 'chained' }), randomUUID());
    expect(reads).toEqual(['findActiveRotationRun']);
  });

  it('reads nothing for the built-in rotation principal or a long-term key', async () => {
    await check(rotationPrincipal(ACCOUNT), token);
    await check(admin, token);
    expect(reads).toEqual([]);
    expect((await h.store.findActiveRotationRun(secret.id))?.foreignWriteAt).toBeUndefined();
  });
});
