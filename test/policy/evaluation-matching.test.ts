import { describe, expect, it } from 'vitest';
import {
  type CompiledPolicy,
  type EvalPrincipal,
  type EvalResult,
  evaluate,
  parsePolicy,
} from '../../src/policy/index.js';
import { ACCT, allowAll, identity, OTHER, request, SECRET, user } from './helpers.js';

const GET = 'secretsmanager:GetSecretValue';
const secretIn = (account: string, name = 'app/db-a1b2c3') =>
  `arn:aws:secretsmanager:us-east-1:${account}:secret:${name}`;

type Case = {
  n: string;
  principal?: EvalPrincipal;
  action?: string;
  resource?: string;
  ids?: CompiledPolicy[];
  res?: CompiledPolicy;
  want: Partial<EvalResult>;
};

const run = (c: Case) =>
  evaluate(
    request({ principal: c.principal, action: c.action ?? GET, resource: c.resource ?? SECRET }),
    c.ids ?? [],
    c.res,
  );

const allowGet = identity({ Effect: 'Allow', Action: GET, Resource: '*' });
const ALLOW = { decision: 'Allow' } as const;
const IMPLICIT = { decision: 'ImplicitDeny' } as const;

const actions: Case[] = [
  { n: 'an exact action allows', ids: [allowGet], want: ALLOW },
  {
    n: 'action names are case-insensitive',
    ids: [identity(allowAll({ Action: 'SecretsManager:getsecretVALUE' }))],
    want: ALLOW,
  },
  { n: 'a * suffix covers the prefix', ids: [identity(allowAll({ Action: 'secretsmanager:Get*' }))], want: ALLOW },
  {
    n: 'a * suffix does not cover other verbs',
    action: 'secretsmanager:PutSecretValue',
    ids: [identity(allowAll({ Action: 'secretsmanager:Get*' }))],
    want: IMPLICIT,
  },
  { n: 'service:* covers the service', ids: [identity(allowAll({ Action: 'secretsmanager:*' }))], want: ALLOW },
  {
    n: 'service:* does not cover another service',
    action: 'kms:Decrypt',
    ids: [identity(allowAll({ Action: 'secretsmanager:*' }))],
    want: IMPLICIT,
  },
  { n: '* covers every action', action: 'kms:Decrypt', ids: [identity(allowAll())], want: ALLOW },
  {
    n: '? matches one character in an action',
    ids: [identity(allowAll({ Action: 'secretsmanager:Get?ecretValue' }))],
    want: ALLOW,
  },
  { n: 'an infix wildcard', ids: [identity(allowAll({ Action: 'secretsmanager:*Secret*' }))], want: ALLOW },
  { n: 'a list of actions ORs', ids: [identity(allowAll({ Action: ['kms:Decrypt', GET] }))], want: ALLOW },
  {
    n: 'a prefix without wildcard is not a match',
    ids: [identity(allowAll({ Action: 'secretsmanager:GetSecret' }))],
    want: IMPLICIT,
  },
  {
    n: 'no policy at all: implicit deny (identity)',
    want: { decision: 'ImplicitDeny', deniedBy: 'identity', reason: 'none' },
  },
  {
    n: 'an Allow for another action only: implicit deny',
    ids: [identity(allowAll({ Action: 'secretsmanager:DescribeSecret' }))],
    want: IMPLICIT,
  },
];

const nots: Case[] = [
  {
    n: 'NotAction Allow allows actions not listed',
    ids: [identity({ Effect: 'Allow', NotAction: 'secretsmanager:DeleteSecret', Resource: '*' })],
    want: ALLOW,
  },
  {
    n: 'NotAction Allow does not allow the listed action',
    action: 'secretsmanager:DeleteSecret',
    ids: [identity({ Effect: 'Allow', NotAction: 'secretsmanager:DeleteSecret', Resource: '*' })],
    want: IMPLICIT,
  },
  {
    n: 'NotAction trap: Allow NotAction also allows other services',
    action: 'iam:CreateUser',
    ids: [identity({ Effect: 'Allow', NotAction: 'secretsmanager:DeleteSecret', Resource: '*' })],
    want: ALLOW,
  },
  {
    n: 'NotAction Deny denies everything not listed',
    action: 'secretsmanager:PutSecretValue',
    ids: [identity(allowAll()), identity({ Effect: 'Deny', NotAction: GET, Resource: '*' })],
    want: { decision: 'ExplicitDeny', deniedBy: 'identity' },
  },
  {
    n: 'NotAction Deny spares the listed action',
    ids: [identity(allowAll()), identity({ Effect: 'Deny', NotAction: GET, Resource: '*' })],
    want: ALLOW,
  },
  {
    n: 'NotAction with wildcards',
    action: 'secretsmanager:ListSecrets',
    ids: [identity({ Effect: 'Allow', NotAction: 'secretsmanager:List*', Resource: '*' })],
    want: IMPLICIT,
  },
  {
    n: 'NotResource Allow allows other resources',
    resource: secretIn(ACCT, 'other-x1y2z3'),
    ids: [identity({ Effect: 'Allow', Action: GET, NotResource: SECRET })],
    want: ALLOW,
  },
  {
    n: 'NotResource Allow excludes the listed resource',
    ids: [identity({ Effect: 'Allow', Action: GET, NotResource: SECRET })],
    want: IMPLICIT,
  },
  {
    n: 'NotResource trap: Allow NotResource covers resources of other accounts',
    resource: secretIn(OTHER),
    ids: [identity({ Effect: 'Allow', Action: GET, NotResource: SECRET })],
    want: IMPLICIT,
  },
  {
    n: 'NotResource Deny + Allow *: only the listed resource stays allowed',
    ids: [identity(allowAll()), identity({ Effect: 'Deny', Action: '*', NotResource: SECRET })],
    want: ALLOW,
  },
  {
    n: 'NotResource Deny + Allow *: everything else is denied',
    resource: secretIn(ACCT, 'x-a1b2c3'),
    ids: [identity(allowAll()), identity({ Effect: 'Deny', Action: '*', NotResource: SECRET })],
    want: { decision: 'ExplicitDeny' },
  },
  {
    n: 'NotResource with wildcards',
    resource: secretIn(ACCT, 'prod/x-a1b2c3'),
    ids: [identity({ Effect: 'Allow', Action: GET, NotResource: 'arn:aws:secretsmanager:*:*:secret:prod/*' })],
    want: IMPLICIT,
  },
];

const resources: Case[] = [
  {
    n: 'name-?????? covers the secret "name"',
    resource: secretIn(ACCT, 'name-a1b2c3'),
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'name-??????') }))],
    want: ALLOW,
  },
  {
    n: 'name-?????? does not cover "name-extra"',
    resource: secretIn(ACCT, 'name-extra-a1b2c3'),
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'name-??????') }))],
    want: IMPLICIT,
  },
  {
    n: 'name-* covers "name"',
    resource: secretIn(ACCT, 'name-a1b2c3'),
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'name-*') }))],
    want: ALLOW,
  },
  {
    n: 'name-* also covers "name-x" (the pitfall)',
    resource: secretIn(ACCT, 'name-x-a1b2c3'),
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'name-*') }))],
    want: ALLOW,
  },
  {
    n: 'a path wildcard',
    resource: secretIn(ACCT, 'TestEnv/db-a1b2c3'),
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'TestEnv/*') }))],
    want: ALLOW,
  },
  {
    n: 'resource ARNs are case-sensitive',
    resource: secretIn(ACCT, 'testenv/db-a1b2c3'),
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'TestEnv/*') }))],
    want: IMPLICIT,
  },
  {
    n: 'a region wildcard',
    ids: [identity(allowAll({ Resource: `arn:aws:secretsmanager:*:${ACCT}:secret:*` }))],
    want: ALLOW,
  },
  {
    n: 'an account mismatch',
    ids: [identity(allowAll({ Resource: `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:*` }))],
    want: IMPLICIT,
  },
  {
    n: 'a segment-ending * expands past colons (short pattern)',
    ids: [identity(allowAll({ Resource: 'arn:aws:secretsmanager:us-east-1:*' }))],
    want: ALLOW,
  },
  {
    n: 'a segment-ending * expands past colons (inner segment)',
    ids: [identity(allowAll({ Resource: 'arn:aws:secretsmanager:*:secret:app/db-a1b2c3' }))],
    want: ALLOW,
  },
  {
    n: 'a mid-segment * does not cross a colon',
    ids: [identity(allowAll({ Resource: `arn:aws:secretsmanager:us-*1:secret:*` }))],
    want: IMPLICIT,
  },
  {
    n: 'a ? never matches a colon',
    ids: [identity(allowAll({ Resource: `arn:aws:secretsmanager:us-east-1?${ACCT}:secret:*` }))],
    want: IMPLICIT,
  },
  { n: 'several resources OR', ids: [identity(allowAll({ Resource: [secretIn(ACCT, 'x'), SECRET] }))], want: ALLOW },
  { n: 'an exact ARN', ids: [identity(allowAll({ Resource: SECRET }))], want: ALLOW },
  {
    n: 'a partial ARN without wildcard does not match',
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'app/db') }))],
    want: IMPLICIT,
  },
  {
    n: 'regex metacharacters in a resource are literal',
    resource: secretIn(ACCT, 'a.b-a1b2c3'),
    ids: [identity(allowAll({ Resource: secretIn(ACCT, 'a+b-*') }))],
    want: IMPLICIT,
  },
];

describe.each([
  ['actions', actions],
  ['NotAction / NotResource', nots],
  ['resources and wildcards', resources],
])('evaluate: %s', (_name, cases) => {
  it.each(cases)('$n', (c) => {
    expect(run(c)).toMatchObject(c.want);
  });
});

describe('evaluate: resource account', () => {
  it('a resource ARN in another account makes the call cross-account', () => {
    const r = evaluate(request({ resource: secretIn(OTHER) }), [allowGet]);
    expect(r).toEqual({ decision: 'ImplicitDeny', reason: 'none', deniedBy: 'resource' });
  });
  it('resourceAccountId wins over the ARN', () => {
    const r = evaluate({ ...request({ resource: secretIn(OTHER) }), resourceAccountId: ACCT }, [allowGet]);
    expect(r).toEqual({ decision: 'Allow', reason: 'identity' });
  });
  it('a non-ARN resource is in the caller account', () => {
    expect(evaluate(request({ resource: '*' }), [allowGet]).decision).toBe('Allow');
  });
});

describe('evaluate: role trust policies must allow the caller themselves', () => {
  const trust = (principal: unknown) =>
    parsePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' },
      }),
      'trust',
    );
  const ROLE = `arn:aws:iam::${ACCT}:role/deploy`;
  const assume = (p: EvalPrincipal, ids: CompiledPolicy[], t: CompiledPolicy) =>
    evaluate(request({ principal: p, action: 'sts:AssumeRole', resource: ROLE }), ids, t);
  const adminPolicy = identity(allowAll());

  it('an identity Allow alone does not let a same-account user assume the role', () => {
    expect(assume(user(), [adminPolicy], trust({ Service: 'ec2.amazonaws.com' }))).toMatchObject({
      decision: 'ImplicitDeny',
      deniedBy: 'resource',
    });
  });
  it('a trust policy naming the user suffices in the same account', () => {
    expect(assume(user(), [], trust({ AWS: user().arn }))).toEqual({ decision: 'Allow', reason: 'resource' });
  });
  it('a trust policy naming the account needs the identity Allow too', () => {
    expect(assume(user(), [], trust({ AWS: ACCT })).decision).toBe('ImplicitDeny');
    expect(assume(user(), [adminPolicy], trust({ AWS: ACCT }))).toEqual({ decision: 'Allow', reason: 'both' });
  });
  it('cross-account assumption needs both', () => {
    expect(assume(user('x', OTHER), [], trust({ AWS: user('x', OTHER).arn })).decision).toBe('ImplicitDeny');
    expect(assume(user('x', OTHER), [adminPolicy], trust({ AWS: user('x', OTHER).arn })).decision).toBe('Allow');
  });
  it('an explicit Deny in the trust policy wins', () => {
    const t = parsePolicy(
      JSON.stringify({
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ACCT }, Action: 'sts:AssumeRole' },
          { Effect: 'Deny', Principal: { AWS: user().arn }, Action: 'sts:AssumeRole' },
        ],
      }),
      'trust',
    );
    expect(assume(user(), [adminPolicy], t)).toMatchObject({ decision: 'ExplicitDeny', deniedBy: 'resource' });
  });
});
