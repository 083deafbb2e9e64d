import type { AuditEntry, AuditLookupKey, AuditQuery } from '../storage/audit-ports.js';
import { type AuditSourceOptions, openAuditReads } from './audit-source.js';
import { UsageError } from './errors.js';
import { chosenFormat, type FormatFlags, formatResult, type OutputFormat } from './output-format.js';

export type SearchOptions = AuditSourceOptions &
  FormatFlags & {
    eventName?: string;
    eventSource?: string;
    eventId?: string;
    username?: string;
    resource?: string;
    accessKeyId?: string;
    readOnly?: string;
    account?: string;
    region?: string;
    since?: string;
    until?: string;
    limit?: string;
  };

/** The columns of `--output text|table`: a summary of each record (json prints them whole). */
export const AUDIT_COLUMNS = [
  'eventTime',
  'eventName',
  'username',
  'sourceIPAddress',
  'resources',
  'errorCode',
  'eventID',
];

function summary(e: AuditEntry): Record<string, unknown> {
  const r = JSON.parse(e.record) as { sourceIPAddress?: string; errorCode?: string };
  return {
    eventTime: new Date(e.eventTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventName: e.keys.eventName,
    username: e.keys.username,
    sourceIPAddress: r.sourceIPAddress,
    resources: e.keys.resources.map((x) => x.name).join(','),
    errorCode: r.errorCode,
    eventID: e.eventId,
  };
}

/**
 * Records as they come: by default one CloudTrail record per line (JSON lines) and text one summary
 * line each, both as they are read; json (`{"Records": [...]}`, a CloudTrail log file's shape) and
 * table need them all, so they print at the end.
 */
function recordPrinter(format: OutputFormat | undefined) {
  const held: AuditEntry[] = [];
  const write = (t: string) => process.stdout.write(t);
  return {
    each(e: AuditEntry): void {
      if (format === undefined) write(`${e.record}\n`);
      else if (format === 'text')
        write(formatResult('text', { json: null, rows: [summary(e)], columns: AUDIT_COLUMNS }));
      else held.push(e);
    },
    end(): void {
      if (format !== 'json' && format !== 'table') return;
      write(
        formatResult(format, {
          json: { Records: held.map((e) => JSON.parse(e.record) as unknown) },
          rows: held.map(summary),
          columns: AUDIT_COLUMNS,
        }),
      );
    },
  };
}

/** `audit tail | head` closes the pipe early: that is the reader being done, not an error. */
function quietOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

function time(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) throw new Error(`invalid --${name}: ${v} (an ISO 8601 date, e.g. 2024-05-01T12:00:00Z)`);
  return ms;
}

/** Attribute filters in LookupEvents terms; the first runs in the store, the rest on the results. */
function attributes(o: SearchOptions): { key: AuditLookupKey; value: string }[] {
  const all: [AuditLookupKey, string | undefined][] = [
    ['EventId', o.eventId],
    ['ResourceName', o.resource],
    ['EventName', o.eventName],
    ['Username', o.username],
    ['AccessKeyId', o.accessKeyId],
    ['EventSource', o.eventSource],
    ['ReadOnly', o.readOnly],
  ];
  return all.filter((a): a is [AuditLookupKey, string] => a[1] !== undefined).map(([key, value]) => ({ key, value }));
}

const keep = (e: AuditEntry, a: { key: AuditLookupKey; value: string }): boolean => {
  const k = e.keys;
  const actual: Record<AuditLookupKey, string[]> = {
    EventId: [e.eventId],
    EventName: [k.eventName],
    EventSource: [k.eventSource],
    Username: [k.username ?? ''],
    AccessKeyId: [k.accessKeyId ?? ''],
    ReadOnly: [String(k.readOnly)],
    ResourceName: k.resources.map((r) => r.name),
    ResourceType: k.resources.map((r) => r.type),
  };
  return actual[a.key].includes(a.value);
};

/** `strongroom audit search`: matching records as JSON lines, newest first. */
export async function auditSearch(o: SearchOptions): Promise<void> {
  const out = recordPrinter(chosenFormat(o));
  const limit = Number(o.limit ?? 50);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new Error(`invalid --limit: ${o.limit}`);
  const [first, ...rest] = attributes(o);
  quietOnClosedPipe();
  const reader = await openAuditReads(o);
  try {
    const q: AuditQuery = {
      ...(o.account !== undefined && { accountId: o.account }),
      ...(o.region !== undefined && { region: o.region }),
      ...(first && { attribute: first }),
      ...(o.since !== undefined && { startTime: time('since', o.since) }),
      ...(o.until !== undefined && { endTime: time('until', o.until) }),
      limit: 500,
    };
    let shown = 0;
    for (let page = await reader.queryAudit(q); page.length > 0 && shown < limit; ) {
      for (const e of page) {
        if (shown < limit && rest.every((a) => keep(e, a))) {
          out.each(e);
          shown += 1;
        }
      }
      page = await reader.queryAudit({ ...q, beforeSeq: page.at(-1)!.seq });
    }
    out.end();
  } finally {
    await reader.close();
  }
}

/** The last `n` records, oldest first; with `follow`, then every new one as it is written. */
export async function auditTail(
  o: AuditSourceOptions & FormatFlags & { lines?: string; follow?: boolean; intervalMs?: string },
): Promise<void> {
  const format = chosenFormat(o);
  if (o.follow && (format === 'json' || format === 'table'))
    throw new UsageError(`--follow streams records: use the default output or --output text, not ${format}`);
  const out = recordPrinter(format);
  const n = Number(o.lines ?? 20);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`invalid --lines: ${o.lines}`);
  quietOnClosedPipe();
  const reader = await openAuditReads(o);
  try {
    const last = n > 0 ? (await reader.queryAudit({ limit: n })).reverse() : [];
    for (const e of last) out.each(e);
    if (!o.follow) return out.end();
    let after = last.at(-1)?.seq ?? (await reader.auditHead())?.seq ?? 0;
    const interval = Number(o.intervalMs ?? 1000);
    for (;;) {
      await new Promise((r) => setTimeout(r, interval));
      for (const e of await reader.readAudit(after, 1000)) {
        out.each(e);
        after = e.seq;
      }
    }
  } finally {
    await reader.close();
  }
}
