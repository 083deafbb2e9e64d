// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal ${...} text
import { describe, expect, it } from 'vitest';
import { CHECKS, isPublicPolicy, parsePolicy, validateResourcePolicy } from '../../src/policy/index.js';

const GET = 'secretsmanager:GetSecretValue';
const policy = (statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (principal: unknown, condition?: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: GET,
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

type Row = { n: string; statements: Record<string, unknown>[]; pub: boolean };
const rows: Row[] = [
  { n: 'Principal "*" without condition', statements: [allow('*')], pub: true },
  { n: 'Principal {"AWS":"*"} without condition', statements: [allow({ AWS: '*' })], pub: true },
  { n: 'a list containing "*"', statements: [allow({ AWS: ['arn:aws:iam::111122223333:root', '*'] })], pub: true },
  {
    n: 'a specific role in another account',
    statements: [allow({ AWS: 'arn:aws:iam::444455556666:role/reader' })],
    pub: false,
  },
  { n: 'an account', statements: [allow({ AWS: '444455556666' })], pub: false },
  { n: 'a service principal', statements: [allow({ Service: 'rotation.amazonaws.com' })], pub: false },
  { n: 'a Deny with Principal "*"', statements: [{ ...allow('*'), Effect: 'Deny' }], pub: false },
  {
    n: 'Allow with NotPrincipal',
    statements: [{ Effect: 'Allow', NotPrincipal: { AWS: '111122223333' }, Action: GET, Resource: '*' }],
    pub: true,
  },
  {
    n: '"*" pinned by aws:PrincipalAccount',
    statements: [allow('*', { StringEquals: { 'aws:PrincipalAccount': '111122223333' } })],
    pub: false,
  },
  {
    n: '"*" pinned by aws:SourceAccount',
    statements: [allow('*', { StringEquals: { 'aws:SourceAccount': '111122223333' } })],
    pub: false,
  },
  {
    n: '"*" pinned by aws:PrincipalOrgID',
    statements: [allow('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })],
    pub: false,
  },
  {
    n: '"*" pinned by aws:PrincipalArn (exact)',
    statements: [allow('*', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/r' } })],
    pub: false,
  },
  {
    n: '"*" pinned by aws:PrincipalArn with a wildcard name but a literal account',
    statements: [allow('*', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/*' } })],
    pub: false,
  },
  {
    n: '"*" pinned by aws:SourceArn',
    statements: [allow('*', { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:us-east-1:111122223333:function:rotate' } })],
    pub: false,
  },
  {
    n: 'condition key names are case-insensitive for pins',
    statements: [allow('*', { StringEquals: { 'AWS:principalaccount': '111122223333' } })],
    pub: false,
  },
  {
    n: 'a wildcard account does not pin',
    statements: [allow('*', { StringLike: { 'aws:PrincipalAccount': '*' } })],
    pub: true,
  },
  {
    n: 'a wildcard account ARN does not pin',
    statements: [allow('*', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/r' } })],
    pub: true,
  },
  {
    n: 'a wildcard organization does not pin',
    statements: [allow('*', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } })],
    pub: true,
  },
  {
    n: 'one broad value among concrete ones does not pin',
    statements: [allow('*', { StringLike: { 'aws:PrincipalAccount': ['111122223333', '*'] } })],
    pub: true,
  },
  {
    n: 'a policy variable does not pin',
    statements: [allow('*', { StringEquals: { 'aws:PrincipalAccount': '${aws:PrincipalAccount}' } })],
    pub: true,
  },
  {
    n: 'a negated operator does not pin',
    statements: [allow('*', { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } })],
    pub: true,
  },
  {
    n: 'IfExists does not pin (missing key passes)',
    statements: [allow('*', { StringEqualsIfExists: { 'aws:SourceAccount': '111122223333' } })],
    pub: true,
  },
  {
    n: 'ForAllValues does not pin (missing key passes)',
    statements: [allow('*', { 'ForAllValues:StringEquals': { 'aws:PrincipalAccount': '111122223333' } })],
    pub: true,
  },
  {
    n: 'an unrelated condition does not pin',
    statements: [allow('*', { Bool: { 'aws:SecureTransport': 'true' } })],
    pub: true,
  },
  {
    n: 'aws:SourceVpce does not pin (decision 15)',
    statements: [allow('*', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })],
    pub: true,
  },
  {
    n: 'a Null check does not pin',
    statements: [allow('*', { Null: { 'aws:PrincipalAccount': 'false' } })],
    pub: true,
  },
  { n: 'one public statement among private ones', statements: [allow({ AWS: '444455556666' }), allow('*')], pub: true },
];

describe('isPublicPolicy (catalog decision 15)', () => {
  it.each(rows)('$n', ({ statements, pub }) => {
    expect(isPublicPolicy(parsePolicy(policy(statements), 'resource'))).toBe(pub);
  });
});

describe('validateResourcePolicy', () => {
  it('passes a policy granting a specific role, with an empty error list', () => {
    expect(validateResourcePolicy(policy([allow({ AWS: 'arn:aws:iam::123456789012:role/MyRole' })]))).toEqual({
      passed: true,
      errors: [],
    });
  });

  it('reports broad access with the statement named', () => {
    const r = validateResourcePolicy(policy([{ ...allow('*'), Sid: 'Everyone' }]));
    expect(r.passed).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.CheckName).toBe(CHECKS.broadAccess);
    expect(r.errors[0]!.ErrorMessage).toContain('Statement "Everyone" grants broad access');
  });

  it('reports one entry per public statement, numbered when unnamed', () => {
    const r = validateResourcePolicy(policy([allow('*'), allow({ AWS: '*' })]));
    expect(r.errors.map((e) => e.ErrorMessage.slice(0, 11))).toEqual(['Statement 1', 'Statement 2']);
  });

  it('reports invalid JSON as a syntax error instead of throwing', () => {
    const r = validateResourcePolicy('{ not json');
    expect(r.passed).toBe(false);
    expect(r.errors[0]!.CheckName).toBe(CHECKS.syntax);
    expect(r.errors[0]!.ErrorMessage).toMatch(/^This policy has invalid syntax: the policy is not valid JSON/);
  });

  it('reports a grammar error with its location', () => {
    const r = validateResourcePolicy(policy([{ Effect: 'Allow', Action: GET, Resource: '*' }]));
    expect(r.errors).toEqual([
      {
        CheckName: CHECKS.syntax,
        ErrorMessage: 'This policy has invalid syntax: Statement[0]: a statement needs Principal or NotPrincipal',
      },
    ]);
  });

  it('reports a Deny that locks every principal out of changing the policy', () => {
    const r = validateResourcePolicy(
      policy([{ Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*ResourcePolicy', Resource: '*' }]),
    );
    expect(r.passed).toBe(false);
    expect(r.errors.map((e) => e.CheckName)).toEqual([CHECKS.lockout]);
  });

  it('does not report a conditional Deny as a lock-out', () => {
    const r = validateResourcePolicy(
      policy([
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'secretsmanager:PutResourcePolicy',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } },
        },
      ]),
    );
    expect(r).toEqual({ passed: true, errors: [] });
  });

  it('does not report a Deny of reads only as a lock-out', () => {
    const r = validateResourcePolicy(policy([{ Effect: 'Deny', Principal: '*', Action: GET, Resource: '*' }]));
    expect(r.passed).toBe(true);
  });
});
