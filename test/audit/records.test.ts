import { describe, expect, it } from 'vitest';
import { type ApiCall, apiCallRecord, batchMemberCalls } from '../../src/audit/api-call.js';
import { auditKeysOf } from '../../src/audit/keys-of.js';
import { loadServiceShapes } from '../../src/audit/model-shapes.js';
import { HIDDEN } from '../../src/audit/record.js';
import { serviceEventRecord } from '../../src/audit/service-event.js';

const shapes = loadServiceShapes(
  new URL('../../src/protocol/model/secretsmanager.json', import.meta.url),
  new URL('../../src/protocol/model/overlay.json', import.meta.url),
);
const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-AbCdEf';
const caller = {
  accountId: '111122223333',
  arn: 'arn:aws:iam::111122223333:user/alice',
  type: 'IAMUser',
  userName: 'alice',
  accessKeyId: 'AKIAALICE',
};
const T = Date.UTC(2024, 4, 1, 12, 0, 0, 789);

const call = (over: Partial<ApiCall>): ApiCall => ({
  requestId: 'req-1',
  eventSource: 'secretsmanager.amazonaws.com',
  operation: 'GetSecretValue',
  sourceIp: '::ffff:10.0.0.7',
  userAgent: 'aws-sdk-js/3',
  caller,
  region: 'eu-west-1',
  requestBody: Buffer.from(JSON.stringify({ SecretId: 'app/db' })),
  responseBody: JSON.stringify({ ARN, Name: 'app/db', SecretString: 'CANARY', VersionId: 'v1' }),
  ...over,
});

describe('API call records', () => {
  it('writes a GetSecretValue as CloudTrail does: identity, source, no responseElements, the secret as resource', () => {
    const r = apiCallRecord(call({}), shapes, 'evt-1', T);
    expect(r).toStrictEqual({
      eventVersion: '1.08',
      userIdentity: {
        type: 'IAMUser',
        principalId: caller.arn,
        arn: caller.arn,
        accountId: '111122223333',
        accessKeyId: 'AKIAALICE',
        userName: 'alice',
      },
      eventTime: '2024-05-01T12:00:00Z',
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      awsRegion: 'eu-west-1',
      sourceIPAddress: '10.0.0.7',
      userAgent: 'aws-sdk-js/3',
      requestParameters: { secretId: 'app/db' },
      responseElements: null,
      requestID: 'req-1',
      eventID: 'evt-1',
      readOnly: true,
      resources: [{ accountId: '111122223333', type: 'AWS::SecretsManager::Secret', ARN }],
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
    });
    expect(JSON.stringify(r)).not.toContain('CANARY');
    expect(Object.keys(r).slice(0, 3)).toEqual(['eventVersion', 'userIdentity', 'eventTime']);
  });

  it('puts the secret ARN in responseElements.arn (lowercase) for a change (statement 140)', () => {
    const r = apiCallRecord(
      call({
        operation: 'PutSecretValue',
        requestBody: Buffer.from(
          JSON.stringify({ SecretId: 'app/db', SecretString: 'CANARY', ClientRequestToken: 'tok' }),
        ),
        responseBody: JSON.stringify({ ARN, Name: 'app/db', VersionId: 'tok', VersionStages: ['AWSCURRENT'] }),
      }),
      shapes,
      'evt-2',
      T,
    );
    expect(r.readOnly).toBe(false);
    expect(r.requestParameters).toStrictEqual({ secretId: 'app/db', secretString: HIDDEN, clientRequestToken: 'tok' });
    expect(r.responseElements).toStrictEqual({
      arn: ARN,
      name: 'app/db',
      versionId: 'tok',
      versionStages: ['AWSCURRENT'],
    });
    expect(r.responseElements).not.toHaveProperty('aRN');
  });

  it('records a failure with errorCode and errorMessage right after userAgent (statement 141)', () => {
    const r = apiCallRecord(
      call({
        responseBody: undefined,
        error: {
          code: 'InvalidRequestException',
          message: "You can't perform this operation on the secret because it was marked for deletion.",
        },
      }),
      shapes,
      'evt-3',
      T,
    );
    expect(r.errorCode).toBe('InvalidRequestException');
    expect(r.errorMessage).toContain('secret because it was marked for deletion');
    expect(r.responseElements).toBeNull();
    const keys = Object.keys(r);
    expect(keys.indexOf('errorCode')).toBe(keys.indexOf('userAgent') + 1);
  });

  it('cuts the canonical request out of a signature error message', () => {
    const r = apiCallRecord(
      call({
        caller: undefined,
        region: undefined,
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIAWHO/20240501/ap-south-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=00',
        error: {
          code: 'InvalidSignatureException',
          message:
            "The request signature we calculated does not match.\n\nThe Canonical String for this request should have been\n'x-amz-security-token:CANARY'",
        },
      }),
      shapes,
      'evt-4',
      T,
    );
    expect(JSON.stringify(r)).not.toContain('CANARY');
    expect(r.userIdentity).toStrictEqual({ type: 'Unknown', accessKeyId: 'AKIAWHO' });
    expect(r.awsRegion).toBe('ap-south-1');
    expect(r).not.toHaveProperty('recipientAccountId');
  });

  it('derives lookup keys from the record alone: ARN, name and SecretId as resource names', () => {
    const k = auditKeysOf(
      apiCallRecord(call({ requestBody: Buffer.from(JSON.stringify({ SecretId: ARN })) }), shapes, 'e', T),
    );
    expect(k).toStrictEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      readOnly: true,
      username: 'alice',
      accessKeyId: 'AKIAALICE',
      resources: [
        { type: 'AWS::SecretsManager::Secret', name: 'app/db' },
        { type: 'AWS::SecretsManager::Secret', name: ARN },
      ],
    });
    const root = apiCallRecord(
      call({ caller: { ...caller, type: 'Root', arn: 'arn:aws:iam::111122223333:root' } }),
      shapes,
      'e',
      T,
    );
    expect(root.userIdentity).toMatchObject({ type: 'Root', principalId: '111122223333' });
    expect(auditKeysOf(root).username).toBe('root');
  });
});

describe('other request forms', () => {
  it('records a form-encoded (Query protocol) request without passwords', () => {
    const r = apiCallRecord(
      call({
        eventSource: 'iam.amazonaws.com',
        operation: 'CreateLoginProfile',
        requestBody: Buffer.from('Action=CreateLoginProfile&Version=2010-05-08&UserName=bob&Password=CANARY'),
        responseBody: '<CreateLoginProfileResponse/>',
      }),
      undefined,
      'e',
      T,
    );
    expect(r.requestParameters).toStrictEqual({ userName: 'bob', password: HIDDEN });
    expect(r.responseElements).toBeNull();
    expect(r).not.toHaveProperty('resources');
  });

  it('adds one GetSecretValue per secret a BatchGetSecretValue returned, without values', () => {
    const other = ARN.replace('app/db', 'app/cache');
    const batch = call({
      operation: 'BatchGetSecretValue',
      requestBody: Buffer.from(JSON.stringify({ SecretIdList: ['app/db', 'app/cache'] })),
      responseBody: JSON.stringify({
        SecretValues: [
          { ARN, SecretString: 'CANARY' },
          { ARN: other, SecretString: 'CANARY' },
        ],
        Errors: [],
      }),
    });
    const members = batchMemberCalls(batch).map((m) => apiCallRecord(m, shapes, 'e', T));
    expect(members.map((m) => [m.eventName, m.requestParameters, m.resources?.[0]?.ARN])).toEqual([
      ['GetSecretValue', { secretId: ARN }, ARN],
      ['GetSecretValue', { secretId: other }, other],
    ]);
    expect(JSON.stringify(members)).not.toContain('CANARY');
    expect(batchMemberCalls({ ...batch, responseBody: undefined, error: { code: 'X', message: 'm' } })).toEqual([]);
  });
});

describe('service event records', () => {
  it('are AwsServiceEvent records invoked by the service, with the secret and version', () => {
    const r = serviceEventRecord(
      { eventName: 'RotationSucceeded', secretArn: ARN, token: 'v2', at: T },
      'evt-9',
      'req-9',
    );
    expect(r).toMatchObject({
      eventType: 'AwsServiceEvent',
      eventName: 'RotationSucceeded',
      eventSource: 'secretsmanager.amazonaws.com',
      userIdentity: { type: 'AWSService', accountId: '111122223333', invokedBy: 'secretsmanager.amazonaws.com' },
      awsRegion: 'eu-west-1',
      requestParameters: null,
      responseElements: null,
      additionalEventData: { SecretId: ARN, VersionId: 'v2' },
      recipientAccountId: '111122223333',
      readOnly: false,
    });
    expect(auditKeysOf(r).resources.map((x) => x.name)).toEqual(['app/db', ARN]);
  });
});
