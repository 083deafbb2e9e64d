// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are literal ${...} text
import { describe, expect, it } from 'vitest';
import { type PolicyKind, PolicySyntaxError, parsePolicy } from '../../src/policy/index.js';

const stmt = (s: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [s] });
const ok = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const okRes = { ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:role/r' } };

type Bad = { n: string; text: string; kind?: PolicyKind; msg: RegExp };
const bad: Bad[] = [
  { n: 'invalid JSON', text: '{"Version": ', msg: /not valid JSON/ },
  { n: 'a JSON array', text: '[]', msg: /JSON object/ },
  { n: 'a JSON string', text: '"x"', msg: /JSON object/ },
  { n: 'no Statement', text: '{"Version":"2012-10-17"}', msg: /no Statement/ },
  {
    n: 'an empty Statement list',
    text: '{"Version":"2012-10-17","Statement":[]}',
    msg: /^Statement: must contain at least one statement/,
  },
  {
    n: 'an unknown Version',
    text: JSON.stringify({ Version: '2019-10-19', Statement: [ok] }),
    msg: /^Version: must be "2012-10-17" or "2008-10-17"/,
  },
  {
    n: 'an unknown top-level element',
    text: JSON.stringify({ Version: '2012-10-17', Statement: [ok], Extra: 1 }),
    msg: /unknown element "Extra"/,
  },
  { n: 'a non-string Id', text: JSON.stringify({ Id: 5, Statement: [ok] }), msg: /^Id: must be a string/ },
  {
    n: 'a statement that is not an object',
    text: JSON.stringify({ Statement: ['x'] }),
    msg: /^Statement\[0\]: must be an object/,
  },
  {
    n: 'an unknown statement element',
    text: stmt({ ...ok, Effects: 'Allow' }),
    msg: /^Statement\[0\]: unknown element "Effects"/,
  },
  { n: 'a missing Effect', text: stmt({ Action: 'a:b', Resource: '*' }), msg: /^Statement\[0\]\.Effect: is missing/ },
  { n: 'a lower-case Effect', text: stmt({ ...ok, Effect: 'allow' }), msg: /must be "Allow" or "Deny"/ },
  { n: 'no Action', text: stmt({ Effect: 'Allow', Resource: '*' }), msg: /needs Action or NotAction/ },
  { n: 'both Action and NotAction', text: stmt({ ...ok, NotAction: 'a:b' }), msg: /Action or NotAction, not both/ },
  { n: 'an action without a service', text: stmt({ ...ok, Action: 'GetSecretValue' }), msg: /prefaced by a service/ },
  { n: 'an action with two colons', text: stmt({ ...ok, Action: 'a:b:c' }), msg: /only one colon/ },
  { n: 'an empty action list', text: stmt({ ...ok, Action: [] }), msg: /Action: must not be empty/ },
  { n: 'a non-string action', text: stmt({ ...ok, Action: [5] }), msg: /string or a list of strings/ },
  {
    n: 'an identity statement without Resource',
    text: stmt({ Effect: 'Allow', Action: 'a:b' }),
    msg: /needs Resource or NotResource/,
  },
  {
    n: 'both Resource and NotResource',
    text: stmt({ ...ok, NotResource: '*' }),
    msg: /Resource or NotResource, not both/,
  },
  {
    n: 'a Principal in an identity policy',
    text: stmt(okRes),
    msg: /identity-based policy must not specify a Principal/,
  },
  {
    n: 'a resource statement without Principal',
    text: stmt(ok),
    kind: 'resource',
    msg: /needs Principal or NotPrincipal/,
  },
  {
    n: 'both Principal and NotPrincipal',
    text: stmt({ ...okRes, NotPrincipal: '*' }),
    kind: 'resource',
    msg: /not both/,
  },
  {
    n: 'a Principal string other than *',
    text: stmt({ ...ok, Principal: 'arn:aws:iam::111122223333:root' }),
    kind: 'resource',
    msg: /must be "\*" or an object/,
  },
  {
    n: 'a partial wildcard in a principal',
    text: stmt({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } }),
    kind: 'resource',
    msg: /cannot contain wildcards/,
  },
  {
    n: 'an unknown principal type',
    text: stmt({ ...ok, Principal: { User: 'x' } }),
    kind: 'resource',
    msg: /unsupported principal type "User"/,
  },
  {
    n: 'an empty principal object',
    text: stmt({ ...ok, Principal: {} }),
    kind: 'resource',
    msg: /at least one principal/,
  },
  {
    n: 'a Resource in a trust policy',
    text: stmt({ ...okRes, Action: 'sts:AssumeRole' }),
    kind: 'trust',
    msg: /trust policy has no Resource/,
  },
  {
    n: 'repeated Sids',
    text: JSON.stringify({
      Statement: [
        { ...ok, Sid: 'A' },
        { ...ok, Sid: 'A' },
      ],
    }),
    msg: /"A" repeats/,
  },
  { n: 'a non-object Condition', text: stmt({ ...ok, Condition: [] }), msg: /Condition: must be an object/ },
  {
    n: 'an unknown condition operator',
    text: stmt({ ...ok, Condition: { StringEqual: { 'aws:x': 'a' } } }),
    msg: /unknown condition operator "StringEqual"/,
  },
  {
    n: 'an unknown set operator',
    text: stmt({ ...ok, Condition: { 'ForSomeValues:StringEquals': { 'aws:x': 'a' } } }),
    msg: /unknown set operator "ForSomeValues"/,
  },
  {
    n: 'NullIfExists',
    text: stmt({ ...ok, Condition: { NullIfExists: { 'aws:x': 'true' } } }),
    msg: /Null takes neither IfExists/,
  },
  {
    n: 'a condition key without a vendor',
    text: stmt({ ...ok, Condition: { StringEquals: { x: 'a' } } }),
    msg: /must be prefaced by a vendor/,
  },
  {
    n: 'a condition with no keys',
    text: stmt({ ...ok, Condition: { StringEquals: {} } }),
    msg: /object of condition keys/,
  },
  {
    n: 'an empty value list',
    text: stmt({ ...ok, Condition: { StringEquals: { 'aws:x': [] } } }),
    msg: /at least one value/,
  },
  {
    n: 'an object as a condition value',
    text: stmt({ ...ok, Condition: { StringEquals: { 'aws:x': { a: 1 } } } }),
    msg: /strings, numbers or booleans/,
  },
  {
    n: 'a non-number for a Numeric operator',
    text: stmt({ ...ok, Condition: { NumericEquals: { 'aws:x': 'ten' } } }),
    msg: /"ten" is not a number/,
  },
  {
    n: 'a non-date for a Date operator',
    text: stmt({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': 'soon' } } }),
    msg: /is not an ISO 8601 date/,
  },
  {
    n: 'an impossible date',
    text: stmt({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': '2020-13-01' } } }),
    msg: /is not an ISO 8601 date/,
  },
  {
    n: 'a non-boolean for Bool',
    text: stmt({ ...ok, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
    msg: /"true" or "false"/,
  },
  {
    n: 'a non-boolean for Null',
    text: stmt({ ...ok, Condition: { Null: { 'aws:x': 'maybe' } } }),
    msg: /"true" or "false"/,
  },
  {
    n: 'non-base64 for BinaryEquals',
    text: stmt({ ...ok, Condition: { BinaryEquals: { 'aws:x': 'not base64!' } } }),
    msg: /is not base64/,
  },
  {
    n: 'a bad CIDR',
    text: stmt({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }),
    msg: /not an IPv4 or IPv6 address/,
  },
  {
    n: 'a bad IPv4 address',
    text: stmt({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '300.1.1.1' } } }),
    msg: /not an IPv4 or IPv6 address/,
  },
  {
    n: 'a bad IPv6 address',
    text: stmt({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::1::2' } } }),
    msg: /not an IPv4 or IPv6 address/,
  },
];

describe('parsePolicy refuses malformed documents with a useful message', () => {
  it.each(bad)('$n', ({ text, kind, msg }) => {
    let err: unknown;
    try {
      parsePolicy(text, kind ?? 'identity');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicySyntaxError);
    expect((err as Error).message).toMatch(msg);
  });
});

describe('parsePolicy accepts', () => {
  it.each([
    ['a single statement object', JSON.stringify({ Version: '2012-10-17', Statement: ok }), 'identity'],
    ['Version 2008-10-17', JSON.stringify({ Version: '2008-10-17', Statement: [ok] }), 'identity'],
    ['no Version (2008-10-17 semantics)', JSON.stringify({ Statement: [ok] }), 'identity'],
    [
      'an Id and Sids',
      JSON.stringify({
        Id: 'p',
        Statement: [
          { ...ok, Sid: 'A' },
          { ...ok, Sid: 'B' },
        ],
      }),
      'identity',
    ],
    ['a resource statement without Resource', stmt({ Effect: 'Allow', Principal: '*', Action: 'a:b' }), 'resource'],
    [
      'Service, Federated and CanonicalUser principals',
      stmt({ ...okRes, Principal: { Service: 's.amazonaws.com', Federated: 'x', CanonicalUser: 'y' } }),
      'resource',
    ],
    [
      'a trust policy',
      stmt({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }),
      'trust',
    ],
    ['NotPrincipal', stmt({ ...ok, NotPrincipal: { AWS: '111122223333' } }), 'resource'],
    [
      'an IPv6 CIDR',
      stmt({ ...ok, Condition: { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } } }),
      'identity',
    ],
    ['a Bool with a variable', stmt({ ...ok, Condition: { Bool: { 'aws:x': '${aws:PrincipalTag/b}' } } }), 'identity'],
  ] as const)('%s', (_n, text, kind) => {
    expect(parsePolicy(text, kind).statements.length).toBeGreaterThan(0);
  });

  it('records kind, version and effects', () => {
    const p = parsePolicy(
      JSON.stringify({ Version: '2012-10-17', Statement: [ok, { ...ok, Effect: 'Deny' }] }),
      'identity',
    );
    expect(p.kind).toBe('identity');
    expect(p.version).toBe('2012-10-17');
    expect(p.statements.map((s) => s.effect)).toEqual(['Allow', 'Deny']);
  });
});
