import { call } from '../../api';
import { Badge } from '../../components/status';
import { formatDate, fromSeconds } from '../../lib/format';
import type { SecretMeta } from '../../lib/secret-types';
import { useCan } from '../../lib/session';
import { useAsync } from '../../lib/use-async';

type AuditEvent = { EventName: string; EventTime: number; CloudTrailEvent: string };

const OUTCOMES: Record<string, { label: string; kind: string }> = {
  RotationSucceeded: { label: 'Succeeded', kind: 'success' },
  RotationFailed: { label: 'Failed', kind: 'danger' },
  RotationAbandoned: { label: 'Abandoned', kind: 'warning' },
  RotationStarted: { label: 'In progress', kind: 'info' },
  // RotateSecret without an immediate rotation tests the function's testSecret step only.
  TestRotationSucceeded: { label: 'Test succeeded', kind: 'success' },
  TestRotationFailed: { label: 'Test failed', kind: 'danger' },
  TestRotationStarted: { label: 'Test in progress', kind: 'info' },
};

/**
 * The outcome of the last rotation run, read where AWS keeps it: the service events of the
 * audit trail (LookupEvents on the secret), with the failure message when there is one.
 */
export function LastRotationRun({ secret: s }: { secret: SecretMeta }) {
  const can = useCan();
  const available = can('LookupEvents', 'cloudtrail');
  const events = useAsync(
    () =>
      available
        ? call<{ Events: AuditEvent[] }>(
            'LookupEvents',
            { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: s.ARN }], MaxResults: 50 },
            { service: 'cloudtrail' },
          )
        : Promise.resolve({ Events: [] }),
    [s],
  );
  const last = events.data?.Events.find((e) => e.EventName in OUTCOMES);
  let message: string | undefined;
  if (last) {
    try {
      message = (JSON.parse(last.CloudTrailEvent) as { serviceEventDetails?: { message?: string } }).serviceEventDetails
        ?.message;
    } catch {}
  }
  return (
    <div class="dl-row">
      <dt>Last rotation run</dt>
      <dd>
        {!available && <span class="muted">The audit trail is not available on this server.</span>}
        {events.error && (
          <span class="muted">
            Not visible: <code>{events.error.code}</code> {events.error.message}
          </span>
        )}
        {available && events.data && !last && <span class="muted">No rotation has run yet.</span>}
        {last && (
          <>
            <Badge kind={OUTCOMES[last.EventName]!.kind}>{OUTCOMES[last.EventName]!.label}</Badge>{' '}
            {formatDate(fromSeconds(last.EventTime))}
            {message && <span class="block muted small">{message}</span>}
          </>
        )}
      </dd>
    </div>
  );
}
