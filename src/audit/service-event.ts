import {
  type CloudTrailRecord,
  EVENT_VERSION,
  eventTimeOf,
  SECRET_RESOURCE_TYPE,
  SECRETS_MANAGER_SOURCE,
} from './record.js';

/** A service event as app/events.ts emits it (rotation, replication, version deletion). */
export type ServiceEventInput = {
  eventName: string;
  secretArn: string;
  token?: string;
  message?: string;
  at: number;
};

const ARN = /^arn:[a-z-]+:secretsmanager:([a-z0-9-]*):(\d{12}):secret:/;

/**
 * The AwsServiceEvent record of something the service did on its own. As in AWS's own service
 * events, the caller is the service (invokedBy), there are no request parameters, and the secret
 * goes in additionalEventData.SecretId (plus VersionId when the event concerns one version).
 */
export function serviceEventRecord(e: ServiceEventInput, eventId: string, requestId: string): CloudTrailRecord {
  const m = ARN.exec(e.secretArn);
  const region = m?.[1] ?? '';
  const account = m?.[2] ?? '';
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: { type: 'AWSService', accountId: account, invokedBy: SECRETS_MANAGER_SOURCE },
    eventTime: eventTimeOf(e.at),
    eventSource: SECRETS_MANAGER_SOURCE,
    eventName: e.eventName,
    awsRegion: region,
    sourceIPAddress: SECRETS_MANAGER_SOURCE,
    userAgent: SECRETS_MANAGER_SOURCE,
    requestParameters: null,
    responseElements: null,
    additionalEventData: { SecretId: e.secretArn, ...(e.token !== undefined && { VersionId: e.token }) },
    requestID: requestId,
    eventID: eventId,
    readOnly: false,
    resources: m ? [{ accountId: account, type: SECRET_RESOURCE_TYPE, ARN: e.secretArn }] : [],
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: account,
    ...(e.message !== undefined && { serviceEventDetails: { message: e.message.slice(0, 2048) } }),
    eventCategory: 'Management',
  };
}
