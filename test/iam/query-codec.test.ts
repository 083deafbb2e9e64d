import { describe, expect, it } from 'vitest';
import { Errors, ServiceError } from '../../src/domain/errors.js';
import { decodeInput, parseForm } from '../../src/protocol-query/decode.js';
import { encodeResponse } from '../../src/protocol-query/encode-xml.js';
import { queryErrorBody } from '../../src/protocol-query/errors.js';
import { IAM_MODEL } from '../../src/protocol-query/model/iam-model.js';
import { STS_MODEL } from '../../src/protocol-query/model/sts-model.js';

/**
 * The query codec against the model and against AWS's recorded wording (LocalStack snapshots
 * recorded against real IAM and STS: test_iam_roles, test_sts).
 */
const form = (s: string) => parseForm(Buffer.from(s));
const decode = (model: typeof IAM_MODEL, op: string, body: string) =>
  decodeInput(model, model.operations[op]!.input, form(body));

function validationMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ServiceError);
    expect((e as ServiceError).code).toBe('ValidationError');
    return (e as ServiceError).message;
  }
  throw new Error('expected a ValidationError');
}

describe('decoding query requests', () => {
  it('reads scalars, integers and member lists of structures in index order', () => {
    const input = decode(
      IAM_MODEL,
      'CreateRole',
      'Action=CreateRole&RoleName=r&AssumeRolePolicyDocument=%7B%7D&MaxSessionDuration=7200' +
        '&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=',
    );
    expect(input).toEqual({
      RoleName: 'r',
      AssumeRolePolicyDocument: '{}',
      MaxSessionDuration: 7200,
      Tags: [
        { Key: 'a', Value: '' },
        { Key: 'b', Value: '2' },
      ],
    });
  });

  it('reports a missing required member as AWS does', () => {
    expect(validationMessage(() => decode(IAM_MODEL, 'CreateUser', 'Action=CreateUser'))).toBe(
      "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
    );
  });

  it('echoes the value for a pattern violation (recorded: STS invalid-session-name)', () => {
    const body = 'RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fr&RoleSessionName=Session1%3A2';
    expect(validationMessage(() => decode(STS_MODEL, 'AssumeRole', body))).toBe(
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  it('reports length and range violations (recorded: session name too long)', () => {
    const long = 's'.repeat(65);
    expect(
      validationMessage(() =>
        decode(STS_MODEL, 'AssumeRole', `RoleArn=arn:aws:iam::111111111111:role/r&RoleSessionName=${long}`),
      ),
    ).toBe(
      `1 validation error detected: Value '${long}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    expect(
      validationMessage(() =>
        decode(
          STS_MODEL,
          'AssumeRole',
          'RoleArn=arn:aws:iam::111111111111:role/r&RoleSessionName=ok&DurationSeconds=100',
        ),
      ),
    ).toBe(
      "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
  });

  it('never echoes tag keys, and reports list violations at the list (recorded: test_role_tag_errors)', () => {
    const key = 'k'.repeat(129);
    expect(
      validationMessage(() =>
        decode(IAM_MODEL, 'TagRole', `RoleName=r&Tags.member.1.Key=${key}&Tags.member.1.Value=v`),
      ),
    ).toBe(
      "1 validation error detected: Value at 'tags.1.member.key' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
    const tags = Array.from(
      { length: 51 },
      (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`,
    ).join('&');
    expect(validationMessage(() => decode(IAM_MODEL, 'TagRole', `RoleName=r&${tags}`))).toBe(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
    );
    expect(validationMessage(() => decode(IAM_MODEL, 'UntagRole', `RoleName=r&TagKeys.member.1=${key}`))).toBe(
      "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]",
    );
  });

  it('counts several violations', () => {
    expect(validationMessage(() => decode(IAM_MODEL, 'CreateAccessKey', 'UserName=bad%20name&Marker=x'))).toBe(
      "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
    expect(
      validationMessage(() => decode(IAM_MODEL, 'UpdateAccessKey', 'UserName=a%20b&AccessKeyId=short&Status=On')),
    ).toMatch(
      /^3 validation errors detected: Value 'a b' at 'userName' .*; Value 'short' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16; Value 'On' at 'status' failed to satisfy constraint: Member must satisfy enum value set: \[Active, Inactive, Expired\]$/,
    );
  });
});

describe('encoding query responses', () => {
  it('wraps the result, keeps model order, writes lists as members and dates in whole seconds', () => {
    const xml = encodeResponse(
      IAM_MODEL,
      'ListUsers',
      {
        IsTruncated: false,
        Users: [
          { UserName: 'a&b', Arn: 'arn', UserId: 'AIDA', Path: '/', CreateDate: Date.UTC(2024, 0, 2, 3, 4, 5, 678) },
        ],
      },
      'req-1',
    );
    expect(xml).toBe(
      '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult>' +
        '<Users><member><Path>/</Path><UserName>a&amp;b</UserName><UserId>AIDA</UserId><Arn>arn</Arn>' +
        '<CreateDate>2024-01-02T03:04:05Z</CreateDate></member></Users><IsTruncated>false</IsTruncated>' +
        '</ListUsersResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListUsersResponse>',
    );
  });

  it('writes no result element for operations without output', () => {
    expect(encodeResponse(IAM_MODEL, 'DeleteUser', undefined, 'r')).toBe(
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>',
    );
  });
});

describe('query error envelope', () => {
  const ns = IAM_MODEL.xmlNamespace;
  it('keeps IAM codes and statuses', () => {
    const out = queryErrorBody(Errors.noSuchUser('bob'), 'r1', ns);
    expect(out.status).toBe(404);
    expect(out.body).toBe(
      `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
    );
  });

  it.each([
    ['InvalidClientTokenId', 403, Errors.sigUnknownKey()],
    ['SignatureDoesNotMatch', 403, Errors.sigMismatch('c', 's')],
    ['ExpiredToken', 403, Errors.expiredToken()],
    ['AccessDenied', 403, Errors.accessDenied('no')],
    ['MissingAuthenticationToken', 403, Errors.sigMissingToken()],
    ['EntityAlreadyExists', 409, Errors.userExists('x')],
    ['MalformedPolicyDocument', 400, Errors.malformedIamPolicy('This policy contains invalid Json')],
  ] as const)('answers %s with HTTP %i', (code, status, e) => {
    const out = queryErrorBody(e, 'r', ns);
    expect([out.code, out.status]).toEqual([code, status]);
    expect(out.body).toContain(`<Code>${code}</Code>`);
  });

  it('hides anything that is not a service error behind a Receiver fault', () => {
    const out = queryErrorBody(new Error('database is locked at /secret/path'), 'r', ns);
    expect(out.status).toBe(500);
    expect(out.body).toContain('<Type>Receiver</Type><Code>InternalFailure</Code>');
    expect(out.body).not.toContain('/secret/path');
  });
});
