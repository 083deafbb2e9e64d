import { API_CALL_DETAIL_TYPE, type CloudTrailRecord, SERVICE_EVENT_DETAIL_TYPE } from '../record.js';

/** The EventBridge event a CloudTrail record becomes on the default bus. */
export type EventEnvelope = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: CloudTrailRecord;
};

/**
 * As EventBridge delivers CloudTrail events: source `aws.<service>`, detail-type by event type,
 * the record as `detail`, and `resources` empty (CloudTrail-sourced events carry none there).
 * `id` is the record's eventID, so a receiver can deduplicate retried deliveries.
 */
export function envelopeOf(r: CloudTrailRecord): EventEnvelope {
  return {
    version: '0',
    id: r.eventID,
    'detail-type': r.eventType === 'AwsServiceEvent' ? SERVICE_EVENT_DETAIL_TYPE : API_CALL_DETAIL_TYPE,
    source: `aws.${r.eventSource.split('.')[0]}`,
    account: r.recipientAccountId ?? '',
    time: r.eventTime,
    region: r.awsRegion,
    resources: [],
    detail: r,
  };
}
