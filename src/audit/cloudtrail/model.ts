import type { OperationModel } from '../../protocol/model/load.js';

/** X-Amz-Target prefix of the CloudTrail JSON 1.1 API (botocore cloudtrail 2013-11-01 metadata). */
export const CLOUDTRAIL_TARGET_PREFIX = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

export const LOOKUP_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;

/**
 * LookupEventsRequest from CloudTrail's service model, in the form protocol/decode.ts reads, so
 * type errors and constraint violations get the same Coral wording as Secrets Manager's.
 */
export const LOOKUP_EVENTS_MODEL: OperationModel = {
  name: 'LookupEvents',
  input: {
    type: 'structure',
    members: {
      LookupAttributes: {
        type: 'list',
        member: {
          type: 'structure',
          required: ['AttributeKey', 'AttributeValue'],
          members: { AttributeKey: { type: 'string' }, AttributeValue: { type: 'string' } },
        },
      },
      StartTime: { type: 'timestamp' },
      EndTime: { type: 'timestamp' },
      EventCategory: { type: 'string' },
      MaxResults: { type: 'integer' },
      NextToken: { type: 'string' },
    },
  },
  constraints: {
    'LookupAttributes[].AttributeKey': { enum: [...LOOKUP_KEYS] },
    'LookupAttributes[].AttributeValue': { min: 1, max: 2000 },
    EventCategory: { enum: ['insight'] },
    MaxResults: { min: 1, max: 50 },
  },
  errors: [
    'InvalidLookupAttributesException',
    'InvalidTimeRangeException',
    'InvalidMaxResultsException',
    'InvalidNextTokenException',
    'InvalidEventCategoryException',
  ],
};
