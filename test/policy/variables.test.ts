// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal ${...} text
import { describe, expect, it } from 'vitest';
import { type EvalPrincipal, evaluate, type RequestContextKeys } from '../../src/policy/index.js';
import { ACCT, allowAll, identity, request, root, session, user } from './helpers.js';

const home = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:home/${name}/db-a1b2c3`;
const HOME_PATTERN = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:home/\${aws:username}/*`;

type Row = {
  n: string;
  stmt: Record<string, unknown>;
  principal?: EvalPrincipal;
  resource?: string;
  ctx?: RequestContextKeys;
  version?: string;
  ok: boolean;
};

const cond = (c: Record<string, unknown>) => allowAll({ Condition: c });
const rows: Row[] = [
  {
    n: '${aws:username} in Resource: own home',
    stmt: allowAll({ Resource: HOME_PATTERN }),
    resource: home('alice'),
    ok: true,
  },
  {
    n: "${aws:username} in Resource: someone else's home",
    stmt: allowAll({ Resource: HOME_PATTERN }),
    resource: home('bob'),
    ok: false,
  },
  {
    n: '${aws:username} is absent for a role session: no match',
    stmt: allowAll({ Resource: HOME_PATTERN }),
    principal: session(),
    resource: home('sess'),
    ok: false,
  },
  {
    n: 'a default value stands in for an absent key',
    stmt: allowAll({ Resource: `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:home/\${aws:username, 'anon'}/*` }),
    principal: session(),
    resource: home('anon'),
    ok: true,
  },
  {
    n: 'a default value is not used when the key exists',
    stmt: allowAll({ Resource: `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:home/\${aws:username, 'anon'}/*` }),
    resource: home('anon'),
    ok: false,
  },
  {
    n: "a default value may contain a quote ('')",
    stmt: cond({ StringEquals: { 'aws:x': "${aws:missing, 'it''s'}" } }),
    ctx: { 'aws:x': "it's" },
    ok: true,
  },
  {
    n: 'variables are not honoured before the fifth colon',
    stmt: allowAll({ Resource: 'arn:aws:secretsmanager:us-east-1:${aws:PrincipalAccount}:secret:*' }),
    ok: false,
  },
  {
    n: 'a variable value is literal, never a wildcard (no match)',
    stmt: allowAll({ Resource: HOME_PATTERN.replace('/*', '') }),
    principal: user('x?y'),
    resource: home('xzy').replace('/db-a1b2c3', ''),
    ok: false,
  },
  {
    n: 'a variable value is literal, never a wildcard (match)',
    stmt: allowAll({ Resource: HOME_PATTERN.replace('/*', '') }),
    principal: user('x?y'),
    resource: home('x?y').replace('/db-a1b2c3', ''),
    ok: true,
  },
  {
    n: '${aws:userid} from the principal',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:userid}' } }),
    principal: user('alice', ACCT, { userId: 'AIDAEXAMPLE' }),
    ctx: { 'aws:x': 'AIDAEXAMPLE' },
    ok: true,
  },
  {
    n: '${aws:userid} of the root user is the account id',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:userid}' } }),
    principal: root(),
    ctx: { 'aws:x': ACCT },
    ok: true,
  },
  {
    n: '${aws:userid} unknown: no match',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:userid}' } }),
    ctx: { 'aws:x': '' },
    ok: false,
  },
  {
    n: '${aws:PrincipalTag/...} ABAC match',
    stmt: cond({ StringEquals: { 'aws:ResourceTag/AccessProject': '${aws:PrincipalTag/AccessProject}' } }),
    principal: user('alice', ACCT, { tags: { AccessProject: 'p1' } }),
    ctx: { 'aws:ResourceTag/AccessProject': 'p1' },
    ok: true,
  },
  {
    n: '${aws:PrincipalTag/...} ABAC mismatch',
    stmt: cond({ StringEquals: { 'aws:ResourceTag/AccessProject': '${aws:PrincipalTag/AccessProject}' } }),
    principal: user('alice', ACCT, { tags: { AccessProject: 'p2' } }),
    ctx: { 'aws:ResourceTag/AccessProject': 'p1' },
    ok: false,
  },
  {
    n: '${aws:PrincipalTag/...} of an untagged principal: no match',
    stmt: cond({ StringEquals: { 'aws:ResourceTag/AccessProject': '${aws:PrincipalTag/AccessProject}' } }),
    ctx: { 'aws:ResourceTag/AccessProject': 'p1' },
    ok: false,
  },
  {
    n: 'principal tag keys are matched case-insensitively',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:principaltag/accessproject}' } }),
    principal: user('alice', ACCT, { tags: { AccessProject: 'p1' } }),
    ctx: { 'aws:x': 'p1' },
    ok: true,
  },
  {
    n: '${aws:PrincipalAccount} in a condition',
    stmt: cond({ StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } }),
    ctx: { 'aws:ResourceAccount': ACCT },
    ok: true,
  },
  {
    n: '${aws:PrincipalAccount} in a condition (other account)',
    stmt: cond({ StringEquals: { 'aws:ResourceAccount': '${aws:PrincipalAccount}' } }),
    ctx: { 'aws:ResourceAccount': '999999999999' },
    ok: false,
  },
  {
    n: 'a context value overrides a derived principal key',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:PrincipalAccount}' } }),
    ctx: { 'aws:x': '1', 'aws:PrincipalAccount': '1' },
    ok: true,
  },
  {
    n: '${*} is a literal asterisk in StringLike (match)',
    stmt: cond({ StringLike: { 'aws:x': 'a${*}' } }),
    ctx: { 'aws:x': 'a*' },
    ok: true,
  },
  {
    n: '${*} is a literal asterisk in StringLike (no match)',
    stmt: cond({ StringLike: { 'aws:x': 'a${*}' } }),
    ctx: { 'aws:x': 'ab' },
    ok: false,
  },
  {
    n: '${?} is a literal question mark (match)',
    stmt: cond({ StringLike: { 'aws:x': 'a${?}' } }),
    ctx: { 'aws:x': 'a?' },
    ok: true,
  },
  {
    n: '${?} is a literal question mark (no match)',
    stmt: cond({ StringLike: { 'aws:x': 'a${?}' } }),
    ctx: { 'aws:x': 'ab' },
    ok: false,
  },
  {
    n: '${$} is a literal dollar',
    stmt: cond({ StringEquals: { 'aws:x': 'cost${$}' } }),
    ctx: { 'aws:x': 'cost$' },
    ok: true,
  },
  {
    n: '${$}{x} stays literal text',
    stmt: cond({ StringEquals: { 'aws:x': '${$}{aws:username}' } }),
    ctx: { 'aws:x': '${aws:username}' },
    ok: true,
  },
  {
    n: 'version 2008-10-17 keeps ${...} literal (match)',
    version: '2008-10-17',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:username}' } }),
    ctx: { 'aws:x': '${aws:username}' },
    ok: true,
  },
  {
    n: 'version 2008-10-17 keeps ${...} literal (no substitution)',
    version: '2008-10-17',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:username}' } }),
    ctx: { 'aws:x': 'alice' },
    ok: false,
  },
  {
    n: 'an unresolved variable makes a negated comparison fail too',
    stmt: cond({ StringNotEquals: { 'aws:x': '${aws:username}' } }),
    principal: session(),
    ctx: { 'aws:x': 'y' },
    ok: false,
  },
  {
    n: 'an unresolved value does not hide a resolved match',
    stmt: cond({ StringEquals: { 'aws:x': ['${aws:username}', 'y'] } }),
    principal: session(),
    ctx: { 'aws:x': 'y' },
    ok: true,
  },
  {
    n: 'a resolved negated comparison',
    stmt: cond({ StringNotEquals: { 'aws:x': '${aws:username}' } }),
    ctx: { 'aws:x': 'bob' },
    ok: true,
  },
  {
    n: 'variables with wildcards in StringLike',
    stmt: cond({ StringLike: { 's3:prefix': 'home/${aws:username}/*' } }),
    ctx: { 's3:prefix': 'home/alice/docs' },
    ok: true,
  },
  {
    n: 'variables in ArnLike',
    stmt: cond({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:user/\${aws:username}` } }),
    ok: true,
  },
  {
    n: 'variables in Bool',
    stmt: cond({ Bool: { 'aws:SecureTransport': '${aws:PrincipalTag/secure}' } }),
    principal: user('alice', ACCT, { tags: { secure: 'true' } }),
    ctx: { 'aws:SecureTransport': true },
    ok: true,
  },
  {
    n: 'a multivalued key cannot be a variable',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:TagKeys}' } }),
    ctx: { 'aws:x': 'a', 'aws:TagKeys': ['a'] },
    ok: false,
  },
  {
    n: 'variable names are case-insensitive',
    stmt: cond({ StringEquals: { 'aws:x': '${AWS:UserName}' } }),
    ctx: { 'aws:x': 'alice' },
    ok: true,
  },
  {
    n: 'an unterminated ${ is literal text',
    stmt: cond({ StringEquals: { 'aws:x': '${aws:username' } }),
    ctx: { 'aws:x': '${aws:username' },
    ok: true,
  },
  {
    n: 'aws:PrincipalArn of a session is the role ARN',
    stmt: cond({ ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/reader` } }),
    principal: session('reader'),
    ok: true,
  },
  {
    n: 'aws:PrincipalType of the root user is Account',
    stmt: cond({ StringEquals: { 'aws:PrincipalType': 'Account' } }),
    principal: root(),
    ok: true,
  },
  { n: 'aws:PrincipalType of a user is User', stmt: cond({ StringEquals: { 'aws:PrincipalType': 'User' } }), ok: true },
];

describe('policy variables', () => {
  it.each(rows)('$n', (r) => {
    const req = request({ principal: r.principal, resource: r.resource, context: r.ctx });
    expect(evaluate(req, [identity(r.stmt, r.version)]).decision).toBe(r.ok ? 'Allow' : 'ImplicitDeny');
  });
});

describe('policy variables in Deny statements', () => {
  const deny = identity([allowAll(), { Effect: 'Deny', Action: '*', Resource: HOME_PATTERN }]);
  it('denies the user whose name resolves into the pattern', () => {
    expect(evaluate(request({ resource: home('alice') }), [deny]).decision).toBe('ExplicitDeny');
  });
  it('does not deny a caller for whom the variable cannot be resolved', () => {
    expect(evaluate(request({ principal: session(), resource: home('alice') }), [deny]).decision).toBe('Allow');
  });
});

describe('a compiled policy with variables serves many callers', () => {
  it('alternating callers each get their own substitution', () => {
    const p = identity(allowAll({ Resource: HOME_PATTERN }));
    for (let i = 0; i < 3; i++) {
      expect(evaluate(request({ principal: user('alice'), resource: home('alice') }), [p]).decision).toBe('Allow');
      expect(evaluate(request({ principal: user('bob'), resource: home('alice') }), [p]).decision).toBe('ImplicitDeny');
      expect(evaluate(request({ principal: user('bob'), resource: home('bob') }), [p]).decision).toBe('Allow');
    }
  });
});
