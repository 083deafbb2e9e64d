/**
 * The CloudTrail record (event version 1.08) as Strongroom writes it. Field order follows
 * CloudTrail's own records; the JSON text of a record is what the chain hashes, so builders
 * always create the fields in this order.
 */
export const EVENT_VERSION = '1.08';

/** What CloudTrail writes in place of a parameter it must not log. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

export const SECRET_RESOURCE_TYPE = 'AWS::SecretsManager::Secret';
export const SECRETS_MANAGER_SOURCE = 'secretsmanager.amazonaws.com';
export const CLOUDTRAIL_SOURCE = 'cloudtrail.amazonaws.com';

export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const SERVICE_EVENT_DETAIL_TYPE = 'AWS Service Event via CloudTrail';

export type UserIdentity = {
  type: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  /** Temporary credentials (role sessions): who issued them and when. */
  sessionContext?: SessionContext;
  invokedBy?: string;
};

export type SessionContext = {
  sessionIssuer: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string };
  webIdFederationData: Record<string, never>;
  attributes: { creationDate: string; mfaAuthenticated: 'false' };
  sourceIdentity?: string;
};

export type RecordResource = { accountId: string; type: string; ARN: string };

export type CloudTrailRecord = {
  eventVersion: string;
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: RecordResource[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId?: string;
  serviceEventDetails?: Record<string, unknown>;
  eventCategory: 'Management';
};

// Formatting a date costs more than the rest of a record's fields together; every record within
// one second shares the text, so the last one is kept.
let lastSecond = Number.NaN;
let lastText = '';
/** CloudTrail times are whole seconds in UTC: 2024-01-01T12:00:00Z. */
export const eventTimeOf = (ms: number): string => {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastText;
};

/** Operations that change nothing (CloudTrail's readOnly); everything else is a write. */
const READ_ONLY = /^(Get|Describe|List|Lookup|BatchGet|Validate)/;
export const isReadOnly = (operation: string): boolean => READ_ONLY.test(operation);
