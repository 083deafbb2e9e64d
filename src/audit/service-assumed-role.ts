import type { ServiceAssumedRole } from '../app/events.js';
import { type CloudTrailRecord, EVENT_VERSION, eventTimeOf, HIDDEN } from './record.js';

/** A role an AWS service assumed by itself (app/events.ts). */
export type ServiceAssumedRoleInput = ServiceAssumedRole;

const STS_SOURCE = 'sts.amazonaws.com';
const ROLE_ARN = /^arn:[a-z-]+:iam::(\d{12}):role\//;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * STS's `expiration` as CloudTrail writes it in AssumeRole records ("Mar 13, 2024, 8:33:21 PM",
 * UTC), not the ISO form of eventTime: consumers of CloudTrail records parse that form.
 */
export function stsExpirationText(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${time} ${h < 12 ? 'AM' : 'PM'}`;
}

/**
 * CloudTrail's record of a service (Lambda) assuming a role for its own use: an AwsApiCall of
 * sts:AssumeRole whose caller is the service (`invokedBy`, no account: CloudTrail writes none for
 * it), in the role's account. The input has no secret access key nor session token to leak; the
 * token's member is written hidden, as the audit trail's denylist writes it on every record.
 */
export function serviceAssumedRoleRecord(
  e: ServiceAssumedRoleInput,
  eventId: string,
  requestId: string,
): CloudTrailRecord {
  const account = ROLE_ARN.exec(e.roleArn)?.[1] ?? '';
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: { type: 'AWSService', invokedBy: e.invokedBy },
    eventTime: eventTimeOf(e.at),
    eventSource: STS_SOURCE,
    eventName: 'AssumeRole',
    awsRegion: e.region,
    sourceIPAddress: e.invokedBy,
    userAgent: e.invokedBy,
    requestParameters: { roleArn: e.roleArn, roleSessionName: e.roleSessionName },
    responseElements: {
      credentials: { accessKeyId: e.accessKeyId, sessionToken: HIDDEN, expiration: stsExpirationText(e.expiration) },
      assumedRoleUser: { assumedRoleId: e.assumedRoleId, arn: e.assumedRoleArn },
    },
    requestID: requestId,
    eventID: eventId,
    readOnly: true,
    resources: account ? [{ accountId: account, type: 'AWS::IAM::Role', ARN: e.roleArn }] : [],
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}
