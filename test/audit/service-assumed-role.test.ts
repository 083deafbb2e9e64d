import { describe, expect, it } from 'vitest';
import { auditKeysOf } from '../../src/audit/keys-of.js';
import { serviceAssumedRoleRecord, stsExpirationText } from '../../src/audit/service-assumed-role.js';

/**
 * The record of Lambda assuming an execution role (the end-to-end test reads it back from a real
 * rotation: test/rotation/e2e-assume-role-audit.test.ts): CloudTrail's expiration text at the
 * edges of its 12-hour clock, and the lookup keys LookupEvents finds it by.
 */
const ROLE = 'arn:aws:iam::111122223333:role/service-role/rotate-db';

describe('stsExpirationText', () => {
  it("writes CloudTrail's STS form in UTC: 12-hour clock, 12 for midnight and noon", () => {
    expect(stsExpirationText(Date.UTC(2024, 2, 13, 20, 33, 21))).toBe('Mar 13, 2024, 8:33:21 PM');
    expect(stsExpirationText(Date.UTC(2024, 0, 1, 0, 0, 5))).toBe('Jan 1, 2024, 12:00:05 AM');
    expect(stsExpirationText(Date.UTC(2024, 11, 31, 12, 9, 0))).toBe('Dec 31, 2024, 12:09:00 PM');
    expect(stsExpirationText(Date.UTC(2024, 6, 4, 11, 59, 59, 999))).toBe('Jul 4, 2024, 11:59:59 AM');
  });
});

describe('serviceAssumedRoleRecord', () => {
  const r = serviceAssumedRoleRecord(
    {
      invokedBy: 'lambda.amazonaws.com',
      roleArn: ROLE,
      roleSessionName: 'rotate-db',
      region: 'eu-west-1',
      accessKeyId: 'ASIAEXAMPLEEXAMPLE00',
      expiration: Date.UTC(2024, 4, 1, 12, 1, 0),
      assumedRoleId: 'AROAEXAMPLEEXAMPLE000:rotate-db',
      assumedRoleArn: 'arn:aws:sts::111122223333:assumed-role/rotate-db/rotate-db',
      at: Date.UTC(2024, 4, 1, 12, 0, 0, 400),
    },
    'evt-1',
    'req-1',
  );

  it('is an STS AssumeRole call by the service, in the role account, in CloudTrail field order', () => {
    expect(Object.keys(r)).toEqual([
      'eventVersion',
      'userIdentity',
      'eventTime',
      'eventSource',
      'eventName',
      'awsRegion',
      'sourceIPAddress',
      'userAgent',
      'requestParameters',
      'responseElements',
      'requestID',
      'eventID',
      'readOnly',
      'resources',
      'eventType',
      'managementEvent',
      'recipientAccountId',
      'eventCategory',
    ]);
    expect(r).toMatchObject({
      eventTime: '2024-05-01T12:00:00Z',
      responseElements: { credentials: { expiration: 'May 1, 2024, 12:01:00 PM' } },
      recipientAccountId: '111122223333',
    });
  });

  it('is found by EventName, EventSource and ReadOnly in the role account, not by a secret or a user', () => {
    expect(auditKeysOf(r)).toStrictEqual({
      accountId: '111122223333',
      region: 'eu-west-1',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      readOnly: true,
      resources: [],
    });
  });
});
