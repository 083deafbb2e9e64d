import { describe, expect, it } from 'vitest';
import { apiCallRecord } from '../../src/audit/api-call.js';
import { serviceEventRecord } from '../../src/audit/service-event.js';
import { envelopeOf } from '../../src/audit/webhooks/envelope.js';
import { matches, parsePattern } from '../../src/audit/webhooks/pattern.js';

const ARN = 'arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3';
const caller = {
  accountId: '012345678901',
  arn: 'arn:aws:iam::012345678901:user/u',
  type: 'IAMUser',
  userName: 'u',
  accessKeyId: 'AKIAU',
};
const apiEvent = (operation: string) =>
  envelopeOf(
    apiCallRecord(
      {
        requestId: 'r',
        eventSource: 'secretsmanager.amazonaws.com',
        operation,
        sourceIp: '127.0.0.1',
        caller,
        region: 'us-west-2',
        requestBody: Buffer.from(JSON.stringify({ SecretId: ARN })),
        responseBody: JSON.stringify({ ARN, Name: 'mySecret' }),
      },
      undefined,
      'e',
      0,
    ),
  );
const rotation = envelopeOf(serviceEventRecord({ eventName: 'RotationSucceeded', secretArn: ARN, at: 0 }, 'e', 'r'));

describe('EventBridge envelopes', () => {
  it('carry detail-type by event type and source aws.<service> (statement 143)', () => {
    expect(apiEvent('PutSecretValue')).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.secretsmanager',
      account: '012345678901',
      region: 'us-west-2',
      resources: [],
    });
    expect(rotation['detail-type']).toBe('AWS Service Event via CloudTrail');
  });
});

describe('event patterns', () => {
  it('the seed pattern for value changes matches manual updates and rotations, nothing else (statement 143)', () => {
    const p = parsePattern(
      JSON.stringify({
        source: ['aws.secretsmanager'],
        $or: [
          { 'detail-type': ['AWS API Call via CloudTrail'] },
          { 'detail-type': ['AWS Service Event via CloudTrail'] },
        ],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: ['PutSecretValue', 'UpdateSecret', 'RotationSucceeded'],
        },
      }),
    );
    expect(matches(p, apiEvent('PutSecretValue'))).toBe(true);
    expect(matches(p, apiEvent('UpdateSecret'))).toBe(true);
    expect(matches(p, rotation)).toBe(true);
    expect(matches(p, apiEvent('GetSecretValue'))).toBe(false);
    expect(
      matches(p, envelopeOf(serviceEventRecord({ eventName: 'RotationFailed', secretArn: ARN, at: 0 }, 'e', 'r'))),
    ).toBe(false);
  });

  it('the seed pattern for all changes to one secret matches on responseElements.arn', () => {
    const p = parsePattern(
      JSON.stringify({
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['secretsmanager.amazonaws.com'],
          eventName: [
            'DeleteResourcePolicy',
            'PutResourcePolicy',
            'RotateSecret',
            'TagResource',
            'UntagResource',
            'UpdateSecret',
          ],
          responseElements: { arn: [ARN] },
        },
      }),
    );
    expect(matches(p, apiEvent('UpdateSecret'))).toBe(true);
    expect(matches(p, apiEvent('PutSecretValue'))).toBe(false);
  });

  it('supports prefix, suffix, anything-but, exists and equals-ignore-case', () => {
    const e = { a: 'GetSecretValue', n: 5, list: ['x', 'y'], nested: { k: 'v' } };
    const m = (p: object) => matches(parsePattern(JSON.stringify(p)), e);
    expect(m({ a: [{ prefix: 'Get' }] })).toBe(true);
    expect(m({ a: [{ prefix: 'Put' }] })).toBe(false);
    expect(m({ a: [{ suffix: 'Value' }] })).toBe(true);
    expect(m({ a: [{ 'equals-ignore-case': 'getsecretvalue' }] })).toBe(true);
    expect(m({ a: [{ 'anything-but': 'PutSecretValue' }] })).toBe(true);
    expect(m({ a: [{ 'anything-but': ['GetSecretValue', 'x'] }] })).toBe(false);
    expect(m({ a: [{ 'anything-but': { prefix: 'Get' } }] })).toBe(false);
    expect(m({ missing: [{ 'anything-but': 'x' }] })).toBe(false);
    expect(m({ a: [{ exists: true }] })).toBe(true);
    expect(m({ missing: [{ exists: false }] })).toBe(true);
    expect(m({ a: [{ exists: false }] })).toBe(false);
    expect(m({ nested: { k: ['v'] } })).toBe(true);
    expect(m({ nested: { k: ['w'] } })).toBe(false);
    expect(m({ list: ['y'] })).toBe(true);
    expect(m({ n: [5] })).toBe(true);
    expect(m({ n: ['5'] })).toBe(false);
    expect(m({ nested: ['v'] })).toBe(false);
  });

  it('refuses patterns it cannot honour, naming the place', () => {
    expect(() => parsePattern('[]')).toThrow('must be a JSON object');
    expect(() => parsePattern('{"a":"x"}')).toThrow('a: leaves must be lists');
    expect(() => parsePattern('{"a":[{"numeric":[">",1]}]}')).toThrow('unsupported operator "numeric"');
    expect(() => parsePattern('{"a":[]}')).toThrow('empty list');
    expect(() => parsePattern('{"$or":[{"a":["x"]}]}')).toThrow('2+ patterns');
    expect(() => parsePattern('nope')).toThrow('not valid JSON');
  });
});
