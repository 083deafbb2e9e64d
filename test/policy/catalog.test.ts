// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal ${...} text
import { describe, expect, it } from 'vitest';
import { evaluate, isPublicPolicy, parsePolicy, validateResourcePolicy } from '../../src/policy/index.js';
import { ACCT, allowAll, identity, OTHER, request, resourcePolicy, SECRET, session, user } from './helpers.js';

/** Behaviour catalog §16 G, the statements the engine decides on its own (66–70 are also e2e). */
const secret = (name: string, account = ACCT) => `arn:aws:secretsmanager:us-east-1:${account}:secret:${name}`;
const doc = (s: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: s });

describe('catalog §16 G at the engine level', () => {
  it('67: Principal "*" without restricting conditions is public', () => {
    const p = doc({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    expect(isPublicPolicy(parsePolicy(p, 'resource'))).toBe(true);
  });

  it('68: a specific role in another account is not public', () => {
    const p = doc({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OTHER}:role/app` },
      Action: 'secretsmanager:*',
      Resource: '*',
    });
    expect(isPublicPolicy(parsePolicy(p, 'resource'))).toBe(false);
  });

  it('70: ValidateResourcePolicy of a public policy fails with at least one error', () => {
    const r = validateResourcePolicy(doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: '*', Resource: '*' }));
    expect(r.passed).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
  });

  describe('71: PutResourcePolicy only with Bool secretsmanager:BlockPublicPolicy=true', () => {
    const policy = identity({
      Effect: 'Allow',
      Action: 'secretsmanager:PutResourcePolicy',
      Resource: '*',
      Condition: { Bool: { 'secretsmanager:BlockPublicPolicy': 'true' } },
    });
    const decide = (ctx: Record<string, boolean>) =>
      evaluate(request({ action: 'secretsmanager:PutResourcePolicy', context: ctx }), [policy]).decision;
    it('allows the call with the flag', () =>
      expect(decide({ 'secretsmanager:BlockPublicPolicy': true })).toBe('Allow'));
    it('denies the call with the flag false', () =>
      expect(decide({ 'secretsmanager:BlockPublicPolicy': false })).toBe('ImplicitDeny'));
    it('denies the call that omits the flag', () => expect(decide({})).toBe('ImplicitDeny'));
  });

  it('72: no applicable Allow is an implicit deny', () => {
    expect(evaluate(request(), [identity(allowAll({ Action: 'secretsmanager:DescribeSecret' }))]).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('73: an explicit Deny in the resource policy overrides an identity Allow', () => {
    const res = resourcePolicy({ Effect: 'Deny', Principal: { AWS: user().arn }, Action: '*', Resource: '*' });
    expect(evaluate(request(), [identity(allowAll())], res)).toEqual({
      decision: 'ExplicitDeny',
      reason: 'none',
      deniedBy: 'resource',
    });
  });

  describe('74: cross-account GetSecretValue needs both policies', () => {
    const caller = session('app', 's', OTHER);
    const res = resourcePolicy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${OTHER}:role/app` },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    });
    const id = identity({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET });
    it('both: allowed', () => expect(evaluate(request({ principal: caller }), [id], res).decision).toBe('Allow'));
    it('no resource policy: denied', () =>
      expect(evaluate(request({ principal: caller }), [id]).decision).toBe('ImplicitDeny'));
    it('no identity policy: denied', () =>
      expect(evaluate(request({ principal: caller }), [], res).decision).toBe('ImplicitDeny'));
  });

  describe('77: name-?????? versus name-*', () => {
    const q = identity(allowAll({ Resource: secret('name-??????') }));
    const star = identity(allowAll({ Resource: secret('name-*') }));
    const decide = (p: typeof q, name: string) => evaluate(request({ resource: secret(name) }), [p]).decision;
    it('?????? authorizes "name"', () => expect(decide(q, 'name-a1b2c3')).toBe('Allow'));
    it('?????? does not authorize "name-extra"', () => expect(decide(q, 'name-extra-a1b2c3')).toBe('ImplicitDeny'));
    it('* authorizes "name"', () => expect(decide(star, 'name-a1b2c3')).toBe('Allow'));
    it('* also authorizes "name-x"', () => expect(decide(star, 'name-x-a1b2c3')).toBe('Allow'));
  });

  describe('78: DescribeSecret when secretsmanager:ResourceTag/ServerName = ServerABC', () => {
    const p = identity({
      Effect: 'Allow',
      Action: 'secretsmanager:DescribeSecret',
      Resource: '*',
      Condition: { StringEquals: { 'secretsmanager:ResourceTag/ServerName': 'ServerABC' } },
    });
    const decide = (ctx: Record<string, string>) =>
      evaluate(request({ action: 'secretsmanager:DescribeSecret', context: ctx }), [p]).decision;
    it('a tagged secret: allowed', () =>
      expect(decide({ 'secretsmanager:ResourceTag/ServerName': 'ServerABC' })).toBe('Allow'));
    it('an untagged secret: denied', () => expect(decide({})).toBe('ImplicitDeny'));
  });

  describe('79: ABAC on AccessProject', () => {
    const p = identity({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/AccessProject': '${aws:PrincipalTag/AccessProject}' } },
    });
    const decide = (tag: string) =>
      evaluate(
        request({
          principal: user('alice', ACCT, { tags: { AccessProject: tag } }),
          context: { 'aws:ResourceTag/AccessProject': 'alpha' },
        }),
        [p],
      ).decision;
    it('equal tags: allowed', () => expect(decide('alpha')).toBe('Allow'));
    it('different tags: denied', () => expect(decide('beta')).toBe('ImplicitDeny'));
  });

  describe('80: Null secretsmanager:AddReplicaRegions = true', () => {
    const p = identity(
      allowAll({ Action: 'secretsmanager:*', Condition: { Null: { 'secretsmanager:AddReplicaRegions': 'true' } } }),
    );
    const decide = (action: string, ctx: Record<string, string[]>) =>
      evaluate(request({ action, context: ctx }), [p]).decision;
    it('CreateSecret without replicas: allowed', () => expect(decide('secretsmanager:CreateSecret', {})).toBe('Allow'));
    it('CreateSecret with replicas: denied', () =>
      expect(decide('secretsmanager:CreateSecret', { 'secretsmanager:AddReplicaRegions': ['eu-west-1'] })).toBe(
        'ImplicitDeny',
      ));
    it('ReplicateSecretToRegions: denied', () =>
      expect(
        decide('secretsmanager:ReplicateSecretToRegions', { 'secretsmanager:AddReplicaRegions': ['us-east-2'] }),
      ).toBe('ImplicitDeny'));
  });

  describe('81: ForAllValues:StringLike AddReplicaRegions ["us-*","ca-*"]', () => {
    const p = identity({
      Effect: 'Allow',
      Action: ['secretsmanager:CreateSecret', 'secretsmanager:ReplicateSecretToRegions'],
      Resource: '*',
      Condition: { 'ForAllValues:StringLike': { 'secretsmanager:AddReplicaRegions': ['us-*', 'ca-*'] } },
    });
    const decide = (regions?: string[]) =>
      evaluate(
        request({
          action: 'secretsmanager:ReplicateSecretToRegions',
          context: { 'secretsmanager:AddReplicaRegions': regions },
        }),
        [p],
      ).decision;
    it('us-east-2: allowed', () => expect(decide(['us-east-2'])).toBe('Allow'));
    it('eu-west-1: denied', () => expect(decide(['eu-west-1'])).toBe('ImplicitDeny'));
    it('no replicas (create without): allowed', () => expect(decide(undefined)).toBe('Allow'));
  });

  describe('82: require a customer managed key', () => {
    const managed = `arn:aws:kms:us-east-1:${ACCT}:alias/aws/secretsmanager`;
    const p = identity([
      allowAll(),
      {
        Sid: 'RequireCustomerManagedKeysOnSecrets',
        Effect: 'Deny',
        Action: ['secretsmanager:CreateSecret', 'secretsmanager:UpdateSecret'],
        Resource: '*',
        Condition: { StringLikeIfExists: { 'secretsmanager:KmsKeyArn': managed } },
      },
      {
        Sid: 'RequireKmsKeyIdParameterOnCreate',
        Effect: 'Deny',
        Action: 'secretsmanager:CreateSecret',
        Resource: '*',
        Condition: { Null: { 'secretsmanager:KmsKeyArn': 'true' } },
      },
    ]);
    const decide = (action: string, key?: string) =>
      evaluate(request({ action, context: { 'secretsmanager:KmsKeyArn': key } }), [p]).decision;
    it('CreateSecret without a key: denied', () => expect(decide('secretsmanager:CreateSecret')).toBe('ExplicitDeny'));
    it('CreateSecret with a customer key: allowed', () =>
      expect(decide('secretsmanager:CreateSecret', `arn:aws:kms:us-east-1:${ACCT}:key/1234`)).toBe('Allow'));
    it('UpdateSecret to the default key: denied', () =>
      expect(decide('secretsmanager:UpdateSecret', managed)).toBe('ExplicitDeny'));
    it('UpdateSecret to a customer key: allowed', () =>
      expect(decide('secretsmanager:UpdateSecret', `arn:aws:kms:us-east-1:${ACCT}:key/1234`)).toBe('Allow'));
    // StringLikeIfExists holds when the key is absent: as written, the seed policy also denies an
    // UpdateSecret that does not name a key (the documented IfExists behaviour with Deny).
    it('UpdateSecret without KmsKeyId: denied by IfExists', () =>
      expect(decide('secretsmanager:UpdateSecret')).toBe('ExplicitDeny'));
  });

  describe('83: resource policy pinning VersionStage AWSCURRENT', () => {
    const res = resourcePolicy({
      Effect: 'Allow',
      Principal: { AWS: user().arn },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringEquals: { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
    });
    const decide = (stage: string) =>
      evaluate(request({ context: { 'secretsmanager:VersionStage': stage } }), [], res).decision;
    it('AWSCURRENT: allowed', () => expect(decide('AWSCURRENT')).toBe('Allow'));
    it('AWSPREVIOUS: denied', () => expect(decide('AWSPREVIOUS')).toBe('ImplicitDeny'));
  });

  describe('84: network deny conditions use injected request context', () => {
    const p = identity([
      allowAll(),
      {
        Effect: 'Deny',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      },
      {
        Effect: 'Deny',
        Action: 'secretsmanager:PutSecretValue',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-a' } },
      },
      {
        Effect: 'Deny',
        Action: 'secretsmanager:DeleteSecret',
        Resource: '*',
        Condition: { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } },
      },
    ]);
    const decide = (action: string, ctx: Record<string, string>) =>
      evaluate(request({ action, context: ctx }), [p]).decision;
    it('through the endpoint: allowed', () =>
      expect(decide('secretsmanager:GetSecretValue', { 'aws:SourceVpce': 'vpce-1a2b3c4d' })).toBe('Allow'));
    it('not through the endpoint: denied', () =>
      expect(decide('secretsmanager:GetSecretValue', {})).toBe('ExplicitDeny'));
    it('from vpc-a: allowed', () =>
      expect(decide('secretsmanager:PutSecretValue', { 'aws:SourceVpc': 'vpc-a' })).toBe('Allow'));
    it('from vpc-b: denied', () =>
      expect(decide('secretsmanager:PutSecretValue', { 'aws:SourceVpc': 'vpc-b' })).toBe('ExplicitDeny'));
    it('from an allowed IPv6 range: allowed', () =>
      expect(decide('secretsmanager:DeleteSecret', { 'aws:SourceIp': '2001:db8::7' })).toBe('Allow'));
    it('from elsewhere: denied', () =>
      expect(decide('secretsmanager:DeleteSecret', { 'aws:SourceIp': '198.51.100.4' })).toBe('ExplicitDeny'));
  });
});
