import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { PageTitle } from '../components/layout';
import { Badge, Empty, ErrorBox, Loading, Unavailable } from '../components/status';
import { formatCompact, fromSeconds, secondsFromLocalInput } from '../lib/format';
import { useCan, useSession } from '../lib/session';
import { useAction } from '../lib/use-async';

type AuditEvent = {
  EventId: string;
  EventName: string;
  EventTime: number;
  Username?: string;
  Resources?: { ResourceName?: string }[];
  CloudTrailEvent: string;
};

type CloudTrailRecord = {
  errorCode?: string;
  eventSource?: string;
  userIdentity?: { invokedBy?: string };
};

/** `arn:…:secret:team/app-AbCdEf` → `team/app` (the 6-character suffix is AWS's, not the name). */
const secretName = (arn: string): string => arn.split(':secret:')[1]?.replace(/-[A-Za-z0-9]{6}$/, '') ?? arn;

const ATTRIBUTES = [
  ['', 'Any event'],
  ['EventName', 'Event name'],
  ['Username', 'User name'],
  ['ResourceName', 'Secret (name or ARN)'],
  ['EventSource', 'Event source'],
  ['AccessKeyId', 'Access key ID'],
  ['ReadOnly', 'Read-only (true/false)'],
] as const;

const parse = (text: string): CloudTrailRecord => {
  try {
    return JSON.parse(text) as CloudTrailRecord;
  } catch {
    return {};
  }
};

/** LookupEvents: one attribute (as CloudTrail allows) and a time range, newest first, more on demand. */
export function AuditTrail() {
  const can = useCan();
  const { region } = useSession();
  const [filter, setFilter] = useState({ key: '', value: '', start: '', end: '' });
  const [events, setEvents] = useState<AuditEvent[]>();
  const [next, setNext] = useState<string>();
  const [open, setOpen] = useState<string>();
  const action = useAction();

  const search = (token?: string) =>
    action.run(async () => {
      const r = await call<{ Events: AuditEvent[]; NextToken?: string }>(
        'LookupEvents',
        {
          ...(filter.key && { LookupAttributes: [{ AttributeKey: filter.key, AttributeValue: filter.value.trim() }] }),
          StartTime: secondsFromLocalInput(filter.start),
          EndTime: secondsFromLocalInput(filter.end),
          MaxResults: 50,
          NextToken: token,
        },
        { service: 'cloudtrail' },
      );
      setEvents(token ? [...(events ?? []), ...r.Events] : r.Events);
      setNext(r.NextToken);
    });
  const available = can('LookupEvents', 'cloudtrail');
  // The first page loads once; later searches are explicit.
  useEffect(() => {
    if (available) search();
  }, []);
  if (!available) return <Unavailable what="The audit trail" />;

  return (
    <section>
      <PageTitle title="Audit trail">
        <button type="button" class="btn" onClick={() => search()} disabled={action.busy}>
          Refresh
        </button>
      </PageTitle>
      <p class="muted">
        Every API and console call in {region}, recorded before it was answered. Values are never recorded.
      </p>
      <form
        class="toolbar"
        aria-label="Filter the audit trail"
        onSubmit={(e) => {
          e.preventDefault();
          search();
        }}
      >
        <label class="field-inline">
          <span class="muted small">Filter</span>
          <select
            class="input"
            aria-label="Filter"
            value={filter.key}
            onChange={(e) => setFilter({ ...filter, key: e.currentTarget.value })}
          >
            {ATTRIBUTES.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field-inline grow">
          <span class="sr-only">Filter value</span>
          <input
            class="input"
            disabled={!filter.key}
            value={filter.value}
            placeholder={filter.key ? 'Value' : 'Choose a filter first'}
            onInput={(e) => setFilter({ ...filter, value: e.currentTarget.value })}
          />
        </label>
        <label class="field-inline">
          <span class="muted small">From</span>
          <input
            class="input"
            type="datetime-local"
            value={filter.start}
            onInput={(e) => setFilter({ ...filter, start: e.currentTarget.value })}
          />
        </label>
        <label class="field-inline">
          <span class="muted small">To</span>
          <input
            class="input"
            type="datetime-local"
            value={filter.end}
            onInput={(e) => setFilter({ ...filter, end: e.currentTarget.value })}
          />
        </label>
        <button type="submit" class="btn btn-primary">
          Search
        </button>
      </form>
      <ErrorBox error={action.error} title="Could not read the audit trail" />
      {action.busy && !events && <Loading label="Loading events…" />}
      {events && events.length === 0 && <Empty title="No events match." />}
      {events && events.length > 0 && (
        <div class="table-wrap" aria-busy={action.busy}>
          <table class="table audit-table">
            <caption class="sr-only">Audit events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">User</th>
                <th scope="col">Secret</th>
                <th scope="col">Result</th>
                <th scope="col">
                  <span class="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((ev) => {
                const rec = parse(ev.CloudTrailEvent);
                const resource = ev.Resources?.find((r) => r.ResourceName?.startsWith('arn:'))?.ResourceName;
                return [
                  <tr key={ev.EventId}>
                    <td class="nowrap">{formatCompact(fromSeconds(ev.EventTime))}</td>
                    <td>
                      <span class="strong">{ev.EventName}</span>
                      <span class="block muted small">{rec.eventSource}</span>
                    </td>
                    <td title={rec.userIdentity?.invokedBy}>
                      {ev.Username ?? (rec.userIdentity?.invokedBy ? 'AWS service' : '—')}
                    </td>
                    <td class="mono small secret-cell" title={resource}>
                      {resource ? secretName(resource) : '—'}
                    </td>
                    <td>
                      {rec.errorCode ? <Badge kind="danger">{rec.errorCode}</Badge> : <Badge kind="success">OK</Badge>}
                    </td>
                    <td>
                      <button
                        type="button"
                        class="btn btn-small"
                        aria-expanded={open === ev.EventId}
                        onClick={() => setOpen(open === ev.EventId ? undefined : ev.EventId)}
                      >
                        {open === ev.EventId ? 'Hide' : 'Details'}
                      </button>
                    </td>
                  </tr>,
                  open === ev.EventId && (
                    <tr key={`${ev.EventId}-record`} class="detail-row">
                      <td colSpan={6}>
                        <pre class="mono record">{JSON.stringify(JSON.parse(ev.CloudTrailEvent), null, 2)}</pre>
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div class="pager">
          <button type="button" class="btn" onClick={() => search(next)} disabled={action.busy}>
            Load older events
          </button>
        </div>
      )}
    </section>
  );
}
