import { describe, expect, it } from 'vitest';
import { type CompiledPolicy, evaluate, PolicySyntaxError, parsePolicy } from '../../src/policy/index.js';
import { ACCT, allowAll, identity, OTHER, request, root, session, user } from './helpers.js';

/**
 * KMS key policies (kind 'key'): the key policy is the primary policy of a key. It must allow the
 * caller itself, or name the caller's account (delegating to the account's identity policies,
 * which must then allow too); from another account both sides must allow. Identity policies
 * alone grant nothing (AWS KMS "Key policies": "IAM policies by themselves are not sufficient").
 */
const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
type Stmt = Record<string, unknown>;
const keyPolicy = (...statements: Stmt[]): CompiledPolicy =>
  parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), 'key');
const allow = (principal: unknown, action: string | string[] = 'kms:*', extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: '*',
  ...extra,
});
const DEFAULT = keyPolicy(allow({ AWS: `arn:aws:iam::${ACCT}:root` }));
const decrypt = identity({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY });
const decide = (principal = user(), identities: CompiledPolicy[] = [], key = DEFAULT, context = {}) =>
  evaluate(request({ principal, action: 'kms:Decrypt', resource: KEY, context }), identities, key);

describe('key policies: same account', () => {
  it('the default policy delegates to IAM: an identity Allow is needed and enough', () => {
    expect(decide(user(), [decrypt])).toEqual({ decision: 'Allow', reason: 'both' });
    expect(decide(user(), [])).toMatchObject({ decision: 'ImplicitDeny', deniedBy: 'identity' });
  });

  it('without a statement for the account, identity policies alone grant nothing', () => {
    const onlyBob = keyPolicy(allow({ AWS: `arn:aws:iam::${ACCT}:user/bob` }));
    expect(decide(user(), [decrypt], onlyBob)).toMatchObject({ decision: 'ImplicitDeny', deniedBy: 'resource' });
    expect(decide(user(), [identity(allowAll())], onlyBob).decision).toBe('ImplicitDeny');
  });

  it('a statement naming the caller (user, or role for its sessions) suffices without IAM', () => {
    const alice = keyPolicy(allow({ AWS: `arn:aws:iam::${ACCT}:user/alice` }, 'kms:Decrypt'));
    expect(decide(user(), [], alice)).toEqual({ decision: 'Allow', reason: 'resource' });
    const role = keyPolicy(allow({ AWS: `arn:aws:iam::${ACCT}:role/reader` }, 'kms:Decrypt'));
    expect(decide(session(), [], role).decision).toBe('Allow');
    expect(decide(user('bob'), [], alice).decision).toBe('ImplicitDeny');
  });

  it('the account root is allowed through the root statement, and only then', () => {
    expect(decide(root(), [])).toEqual({ decision: 'Allow', reason: 'both' });
    const onlyBob = keyPolicy(allow({ AWS: `arn:aws:iam::${ACCT}:user/bob` }));
    expect(decide(root(), [], onlyBob)).toMatchObject({ decision: 'ImplicitDeny', deniedBy: 'resource' });
  });

  it('an explicit Deny on either side wins', () => {
    const denyKey = keyPolicy(allow({ AWS: ACCT }), { ...allow('*', 'kms:Decrypt'), Effect: 'Deny' });
    expect(decide(user(), [decrypt], denyKey)).toMatchObject({ decision: 'ExplicitDeny', deniedBy: 'resource' });
    const denyId = identity({ Effect: 'Deny', Action: 'kms:*', Resource: '*' });
    expect(decide(user(), [decrypt, denyId])).toMatchObject({ decision: 'ExplicitDeny', deniedBy: 'identity' });
  });
});

describe('key policies: cross account', () => {
  const stranger = user('dana', OTHER);
  it('needs the key policy to name the account (or the caller) and the caller identity Allow', () => {
    const shared = keyPolicy(allow({ AWS: `arn:aws:iam::${ACCT}:root` }), allow({ AWS: OTHER }, 'kms:Decrypt'));
    expect(decide(stranger, [decrypt], shared)).toEqual({ decision: 'Allow', reason: 'both' });
    expect(decide(stranger, [], shared)).toMatchObject({ decision: 'ImplicitDeny', deniedBy: 'identity' });
    expect(decide(stranger, [decrypt])).toMatchObject({ decision: 'ImplicitDeny', deniedBy: 'resource' });
    const direct = keyPolicy(allow({ AWS: `arn:aws:iam::${OTHER}:user/dana` }, 'kms:Decrypt'));
    expect(decide(stranger, [], direct)).toMatchObject({ decision: 'ImplicitDeny', deniedBy: 'identity' });
    expect(decide(stranger, [decrypt], direct).decision).toBe('Allow');
  });

  it("another account's root needs only the key policy", () => {
    const shared = keyPolicy(allow({ AWS: `arn:aws:iam::${OTHER}:root` }, 'kms:Decrypt'));
    expect(decide(root(OTHER), [], shared).decision).toBe('Allow');
    expect(decide(root(OTHER), []).decision).toBe('ImplicitDeny');
  });
});

describe('key policies: conditions Secrets Manager supplies', () => {
  // The aws/secretsmanager policy's shape: any principal of the account, only via the service.
  const viaService = keyPolicy(
    allow({ AWS: '*' }, 'kms:Decrypt', {
      Condition: {
        StringEquals: { 'kms:CallerAccount': ACCT, 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' },
      },
    }),
  );
  const via = { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com', 'kms:CallerAccount': ACCT };

  it('kms:ViaService and kms:CallerAccount decide', () => {
    expect(decide(user(), [], viaService, via).decision).toBe('Allow');
    expect(decide(user(), [], viaService, { 'kms:CallerAccount': ACCT }).decision).toBe('ImplicitDeny');
    const other = { ...via, 'kms:CallerAccount': OTHER };
    expect(decide(user('dana', OTHER), [decrypt], viaService, other).decision).toBe('ImplicitDeny');
  });

  it('kms:EncryptionContext:SecretARN limits a statement to some secrets', () => {
    const secret = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:app/*`;
    const scoped = keyPolicy(
      allow({ AWS: `arn:aws:iam::${ACCT}:user/alice` }, 'kms:Decrypt', {
        Condition: { StringLike: { 'kms:EncryptionContext:SecretARN': secret } },
      }),
    );
    const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:${name}-a1b2c3`;
    expect(decide(user(), [], scoped, { 'kms:EncryptionContext:SecretARN': arn('app/db') }).decision).toBe('Allow');
    expect(decide(user(), [], scoped, { 'kms:EncryptionContext:SecretARN': arn('ops/db') }).decision).toBe(
      'ImplicitDeny',
    );
  });
});

describe('key policies: grammar', () => {
  it('need a Principal, may omit Resource, and refuse what resource policies refuse', () => {
    expect(() => keyPolicy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' })).toThrow(PolicySyntaxError);
    expect(keyPolicy({ Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'kms:*' }).kind).toBe('key');
    expect(() => keyPolicy(allow({ AWS: 'arn:aws:iam::*:root' }))).toThrow(/wildcards/);
    expect(() => parsePolicy('{"Statement": [', 'key')).toThrow(/not valid JSON/);
  });
});
