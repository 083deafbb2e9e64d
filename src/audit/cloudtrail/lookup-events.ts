import { createHash } from 'node:crypto';
import type { RequestContext } from '../../app/context.js';
import { Errors } from '../../domain/errors.js';
import type { AuditEntry, AuditLookupKey, AuditQuery, AuditStore } from '../../storage/audit-ports.js';

export type LookupEventsInput = {
  LookupAttributes?: { AttributeKey: AuditLookupKey; AttributeValue: string }[];
  StartTime?: number;
  EndTime?: number;
  EventCategory?: string;
  MaxResults?: number;
  NextToken?: string;
};

const DEFAULT_MAX = 50;

/** A token continues only the query that made it (CloudTrail: "same parameters" as the first call). */
const fingerprint = (q: Omit<AuditQuery, 'limit' | 'beforeSeq'>): string =>
  createHash('sha256').update(JSON.stringify(q)).digest('base64url').slice(0, 16);

const encodeToken = (seq: number, f: string) => Buffer.from(JSON.stringify({ b: seq, f })).toString('base64url');

function decodeToken(token: string, f: string): number {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { b?: unknown; f?: unknown };
    if (Number.isSafeInteger(t.b) && t.f === f) return t.b as number;
  } catch {}
  throw Errors.invalidNextToken();
}

/** One Event of the LookupEvents response; absent fields stay absent. */
function toEvent(e: AuditEntry): Record<string, unknown> {
  return {
    EventId: e.eventId,
    EventName: e.keys.eventName,
    ReadOnly: String(e.keys.readOnly),
    AccessKeyId: e.keys.accessKeyId,
    EventTime: e.eventTime / 1000,
    EventSource: e.keys.eventSource,
    Username: e.keys.username,
    Resources: e.keys.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
    CloudTrailEvent: e.record,
  };
}

/**
 * LookupEvents over the audit trail of the caller's account and region, newest first; at most one
 * lookup attribute, as CloudTrail allows. Authorized as cloudtrail:LookupEvents on "*".
 */
export async function lookupEvents(
  d: {
    store: Pick<AuditStore, 'queryAudit'>;
    authorize: (ctx: RequestContext, r: { action: string; resource: string }) => Promise<void>;
  },
  ctx: RequestContext,
  input: LookupEventsInput,
): Promise<Record<string, unknown>> {
  await d.authorize(ctx, { action: 'cloudtrail:LookupEvents', resource: '*' });
  const attrs = input.LookupAttributes ?? [];
  if (attrs.length > 1) throw Errors.lookupAttributesCount();
  const attr = attrs[0];
  if (attr?.AttributeKey === 'ReadOnly' && !['true', 'false'].includes(attr.AttributeValue)) {
    throw Errors.lookupReadOnlyValue();
  }
  if (input.StartTime !== undefined && input.EndTime !== undefined && input.StartTime > input.EndTime) {
    throw Errors.lookupTimeRange();
  }
  // No Insights events are recorded: asking for them finds none.
  if (input.EventCategory === 'insight') return { Events: [] };
  const q: Omit<AuditQuery, 'limit' | 'beforeSeq'> = {
    accountId: ctx.principal.accountId,
    region: ctx.region,
    ...(attr && { attribute: { key: attr.AttributeKey, value: attr.AttributeValue } }),
    ...(input.StartTime !== undefined && { startTime: input.StartTime }),
    ...(input.EndTime !== undefined && { endTime: input.EndTime }),
  };
  const f = fingerprint(q);
  const limit = input.MaxResults ?? DEFAULT_MAX;
  const before = input.NextToken !== undefined ? decodeToken(input.NextToken, f) : undefined;
  const rows = await d.store.queryAudit({ ...q, ...(before !== undefined && { beforeSeq: before }), limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    Events: page.map(toEvent),
    NextToken: rows.length > limit && last ? encodeToken(last.seq, f) : undefined,
  };
}
