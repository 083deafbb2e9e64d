import { describe, expect, it } from 'vitest';
import { type CompiledPolicy, type EvalPrincipal, type EvalResult, evaluate } from '../../src/policy/index.js';
import {
  ACCT,
  allowAll,
  identity,
  OTHER,
  request,
  resourcePolicy,
  root,
  SECRET,
  service,
  session,
  user,
} from './helpers.js';

const GET = 'secretsmanager:GetSecretValue';

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
const denyGet = identity({ Effect: 'Deny', Action: GET, Resource: '*' });
const resAllow = (principal: unknown, extra = {}) =>
  resourcePolicy({ Effect: 'Allow', Principal: principal, Action: GET, Resource: '*', ...extra });
const ALLOW = { decision: 'Allow' } as const;
const IMPLICIT = { decision: 'ImplicitDeny' } as const;

const denies: Case[] = [
  {
    n: 'an explicit Deny beats an Allow in the same policy',
    ids: [identity([allowAll(), { Effect: 'Deny', Action: GET, Resource: '*' }])],
    want: { decision: 'ExplicitDeny', deniedBy: 'identity', reason: 'none' },
  },
  {
    n: 'an explicit Deny beats an Allow in another policy',
    ids: [identity(allowAll()), denyGet],
    want: { decision: 'ExplicitDeny', deniedBy: 'identity' },
  },
  {
    n: 'a Deny for another action does not deny',
    ids: [allowGet, identity({ Effect: 'Deny', Action: 'secretsmanager:DeleteSecret', Resource: '*' })],
    want: ALLOW,
  },
  {
    n: 'a Deny whose condition fails does not deny',
    ids: [
      allowGet,
      identity({ Effect: 'Deny', Action: GET, Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ],
    want: ALLOW,
  },
  {
    n: 'a resource-policy Deny beats an identity Allow',
    ids: [allowGet],
    res: resourcePolicy({ Effect: 'Deny', Principal: '*', Action: GET, Resource: '*' }),
    want: { decision: 'ExplicitDeny', deniedBy: 'resource' },
  },
  {
    n: 'an identity Deny beats a resource Allow',
    ids: [denyGet],
    res: resAllow({ AWS: user().arn }),
    want: { decision: 'ExplicitDeny', deniedBy: 'identity' },
  },
  {
    n: 'a resource Deny for another principal does not deny',
    ids: [allowGet],
    res: resourcePolicy({ Effect: 'Deny', Principal: { AWS: user('bob').arn }, Action: GET, Resource: '*' }),
    want: ALLOW,
  },
  {
    n: 'the root user is denied by a resource-policy Deny',
    principal: root(),
    res: resourcePolicy({ Effect: 'Deny', Principal: '*', Action: GET, Resource: '*' }),
    want: { decision: 'ExplicitDeny', deniedBy: 'resource' },
  },
];

const sameAccount: Case[] = [
  { n: 'identity Allow alone', ids: [allowGet], want: { decision: 'Allow', reason: 'identity' } },
  {
    n: 'resource Allow naming the user alone',
    res: resAllow({ AWS: user().arn }),
    want: { decision: 'Allow', reason: 'resource' },
  },
  { n: 'both allow', ids: [allowGet], res: resAllow({ AWS: user().arn }), want: { decision: 'Allow', reason: 'both' } },
  {
    n: 'resource Allow naming the account (root ARN) delegates: not enough alone',
    res: resAllow({ AWS: `arn:aws:iam::${ACCT}:root` }),
    want: { decision: 'ImplicitDeny', deniedBy: 'identity' },
  },
  {
    n: 'resource Allow naming the account id delegates: not enough alone',
    res: resAllow({ AWS: ACCT }),
    want: { decision: 'ImplicitDeny', deniedBy: 'identity' },
  },
  {
    n: 'account delegation + identity Allow',
    ids: [allowGet],
    res: resAllow({ AWS: ACCT }),
    want: { decision: 'Allow', reason: 'both' },
  },
  {
    n: 'resource Allow naming the role covers its sessions',
    principal: session('reader'),
    res: resAllow({ AWS: `arn:aws:iam::${ACCT}:role/reader` }),
    want: { decision: 'Allow', reason: 'resource' },
  },
  {
    n: 'a role ARN with a path covers the sessions',
    principal: session('reader'),
    res: resAllow({ AWS: `arn:aws:iam::${ACCT}:role/team/a/reader` }),
    want: { decision: 'Allow', reason: 'resource' },
  },
  {
    n: 'another role does not cover the session',
    principal: session('reader'),
    res: resAllow({ AWS: `arn:aws:iam::${ACCT}:role/writer` }),
    want: IMPLICIT,
  },
  {
    n: 'the same role name in another account does not cover the session',
    principal: session('reader'),
    res: resAllow({ AWS: `arn:aws:iam::${OTHER}:role/reader` }),
    want: IMPLICIT,
  },
  {
    n: 'a session ARN covers that session',
    principal: session('reader', 's1'),
    res: resAllow({ AWS: `arn:aws:sts::${ACCT}:assumed-role/reader/s1` }),
    want: ALLOW,
  },
  {
    n: 'a session ARN does not cover another session',
    principal: session('reader', 's2'),
    res: resAllow({ AWS: `arn:aws:sts::${ACCT}:assumed-role/reader/s1` }),
    want: IMPLICIT,
  },
  {
    n: 'a user ARN does not cover another user',
    principal: user('bob'),
    res: resAllow({ AWS: user('alice').arn }),
    want: IMPLICIT,
  },
  {
    n: 'principal user names are case-sensitive',
    principal: user('Alice'),
    res: resAllow({ AWS: user('alice').arn }),
    want: IMPLICIT,
  },
  {
    n: 'Principal "*" grants same-account callers',
    res: resAllow('*'),
    want: { decision: 'Allow', reason: 'resource' },
  },
  {
    n: 'Principal {"AWS":"*"} grants same-account callers',
    res: resAllow({ AWS: '*' }),
    want: { decision: 'Allow', reason: 'resource' },
  },
  { n: 'a list of principals ORs', res: resAllow({ AWS: [user('bob').arn, user().arn] }), want: ALLOW },
  { n: 'the root user needs no identity policy', principal: root(), want: { decision: 'Allow', reason: 'identity' } },
  {
    n: 'a resource policy Allow for another action leaves an implicit deny',
    res: resourcePolicy({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:DescribeSecret', Resource: '*' }),
    want: IMPLICIT,
  },
];

const crossAccount: Case[] = [
  {
    n: 'both allow: allowed',
    principal: user('carol', OTHER),
    ids: [allowGet],
    res: resAllow({ AWS: user('carol', OTHER).arn }),
    want: { decision: 'Allow', reason: 'both' },
  },
  {
    n: 'resource only: implicit deny (identity)',
    principal: user('carol', OTHER),
    res: resAllow({ AWS: user('carol', OTHER).arn }),
    want: { decision: 'ImplicitDeny', deniedBy: 'identity' },
  },
  {
    n: 'identity only: implicit deny (resource)',
    principal: user('carol', OTHER),
    ids: [allowGet],
    want: { decision: 'ImplicitDeny', deniedBy: 'resource' },
  },
  {
    n: 'identity + a resource policy for someone else: implicit deny (resource)',
    principal: user('carol', OTHER),
    ids: [allowGet],
    res: resAllow({ AWS: user('dave', OTHER).arn }),
    want: { decision: 'ImplicitDeny', deniedBy: 'resource' },
  },
  {
    n: 'account delegation + identity: allowed',
    principal: user('carol', OTHER),
    ids: [allowGet],
    res: resAllow({ AWS: OTHER }),
    want: { decision: 'Allow', reason: 'both' },
  },
  {
    n: 'Principal "*" + identity: allowed',
    principal: user('carol', OTHER),
    ids: [allowGet],
    res: resAllow('*'),
    want: ALLOW,
  },
  {
    n: 'Principal "*" without identity: implicit deny',
    principal: user('carol', OTHER),
    res: resAllow('*'),
    want: { decision: 'ImplicitDeny', deniedBy: 'identity' },
  },
  {
    n: 'a role session from another account',
    principal: session('auditor', 's', OTHER),
    ids: [allowGet],
    res: resAllow({ AWS: `arn:aws:iam::${OTHER}:role/auditor` }),
    want: ALLOW,
  },
  {
    n: 'a resource Deny cross-account',
    principal: user('carol', OTHER),
    ids: [allowGet],
    res: resourcePolicy([
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: OTHER }, Action: GET, Resource: '*' },
    ]),
    want: { decision: 'ExplicitDeny', deniedBy: 'resource' },
  },
  {
    n: 'the other account root with a delegation: allowed',
    principal: root(OTHER),
    res: resAllow({ AWS: OTHER }),
    want: { decision: 'Allow', reason: 'both' },
  },
  {
    n: 'the other account root without a resource grant: implicit deny (resource)',
    principal: root(OTHER),
    want: { decision: 'ImplicitDeny', deniedBy: 'resource' },
  },
];

const services: Case[] = [
  {
    n: 'a service named in the resource policy is allowed',
    principal: service(),
    res: resAllow({ Service: 'rotation.strongroom.local' }),
    want: { decision: 'Allow', reason: 'resource' },
  },
  {
    n: 'service names are case-insensitive',
    principal: service(),
    res: resAllow({ Service: 'Rotation.Strongroom.Local' }),
    want: ALLOW,
  },
  {
    n: 'another service is not allowed',
    principal: service('other.amazonaws.com'),
    res: resAllow({ Service: 'rotation.strongroom.local' }),
    want: { decision: 'ImplicitDeny', deniedBy: 'resource' },
  },
  {
    n: 'identity policies do not grant a service',
    principal: service(),
    ids: [identity(allowAll())],
    want: { decision: 'ImplicitDeny', deniedBy: 'resource' },
  },
  { n: 'Principal "*" includes services', principal: service(), res: resAllow('*'), want: ALLOW },
  {
    n: 'Principal {"AWS":"*"} does not include services',
    principal: service(),
    res: resAllow({ AWS: '*' }),
    want: IMPLICIT,
  },
];

const bobAndAccount = [user('bob').arn, `arn:aws:iam::${ACCT}:root`];
const notPrincipals: Case[] = [
  {
    n: 'Deny NotPrincipal[user] still denies the user through its account (trap)',
    principal: user('bob'),
    ids: [allowGet],
    res: resourcePolicy({ Effect: 'Deny', NotPrincipal: { AWS: user('bob').arn }, Action: '*', Resource: '*' }),
    want: { decision: 'ExplicitDeny', deniedBy: 'resource' },
  },
  {
    n: 'Deny NotPrincipal[user, account] exempts the user',
    principal: user('bob'),
    ids: [allowGet],
    res: resourcePolicy({ Effect: 'Deny', NotPrincipal: { AWS: bobAndAccount }, Action: '*', Resource: '*' }),
    want: ALLOW,
  },
  {
    n: 'Deny NotPrincipal[user, account] denies another user',
    principal: user('eve'),
    ids: [allowGet],
    res: resourcePolicy({ Effect: 'Deny', NotPrincipal: { AWS: bobAndAccount }, Action: '*', Resource: '*' }),
    want: { decision: 'ExplicitDeny' },
  },
  {
    n: 'Deny NotPrincipal[session, role, account] exempts the session',
    principal: session('audit', 'app'),
    ids: [allowGet],
    res: resourcePolicy({
      Effect: 'Deny',
      NotPrincipal: { AWS: [`arn:aws:sts::${ACCT}:assumed-role/audit/app`, `arn:aws:iam::${ACCT}:role/audit`, ACCT] },
      Action: '*',
      Resource: '*',
    }),
    want: ALLOW,
  },
  {
    n: 'Deny NotPrincipal[session, account] without the role denies (trap)',
    principal: session('audit', 'app'),
    ids: [allowGet],
    res: resourcePolicy({
      Effect: 'Deny',
      NotPrincipal: { AWS: [`arn:aws:sts::${ACCT}:assumed-role/audit/app`, ACCT] },
      Action: '*',
      Resource: '*',
    }),
    want: { decision: 'ExplicitDeny' },
  },
  {
    n: 'Allow NotPrincipal does not grant a caller whose account is listed (safe reading)',
    principal: user('eve'),
    res: resourcePolicy({ Effect: 'Allow', NotPrincipal: { AWS: bobAndAccount }, Action: GET, Resource: '*' }),
    want: { decision: 'ImplicitDeny' },
  },
  {
    n: 'Allow NotPrincipal grants a caller with nothing listed',
    principal: user('eve', OTHER),
    ids: [allowGet],
    res: resourcePolicy({ Effect: 'Allow', NotPrincipal: { AWS: user('bob').arn }, Action: GET, Resource: '*' }),
    want: ALLOW,
  },
  {
    n: 'Allow NotPrincipal does not grant a listed caller',
    principal: user('bob', OTHER),
    ids: [allowGet],
    res: resourcePolicy({ Effect: 'Allow', NotPrincipal: { AWS: user('bob', OTHER).arn }, Action: GET, Resource: '*' }),
    want: { decision: 'ImplicitDeny', deniedBy: 'resource' },
  },
];

describe.each([
  ['explicit deny', denies],
  ['same account', sameAccount],
  ['cross account', crossAccount],
  ['service principals', services],
  ['NotPrincipal', notPrincipals],
])('evaluate: %s', (_name, cases) => {
  it.each(cases)('$n', (c) => {
    expect(run(c)).toMatchObject(c.want);
  });
});
