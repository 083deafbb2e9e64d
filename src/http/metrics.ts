import type { ApiCall } from '../audit/api-call.js';
import type { Logger } from '../lib/json-log.js';
import type { Route } from './server.js';

/**
 * Prometheus metrics in the text exposition format (0.0.4), without a client library: counters
 * and histograms kept in Maps, rendered on GET /metrics. Labels never carry values, account ids
 * or free text from requests: the operation label is bounded (a client can send any
 * X-Amz-Target), error codes come from our catalogue.
 */
export type MetricsSources = {
  /** Secrets per region, pending deletion included (ResourceCount). */
  secretCounts?: () => Promise<{ region: string; count: number }[]>;
  auditStats?: () => { batches: number; records: number; failedBatches: number };
  webhookDeliveries?: () => Promise<{ pending: number; dead: number }>;
  /** The embedded store's read cache (storage/read-cache.ts), when there is one. */
  readCache?: () => { hits: number; misses: number; size: number };
  /** KMS calls made for secrets and by the KMS API, per key (crypto/keyring.ts usage). */
  kmsUsage?: () => { keyId: string; operation: string; purpose: string; count: number }[];
};

export type RequestObservation = { service: string; operation: string; code: string; seconds: number };

export type Metrics = {
  request(o: RequestObservation): void;
  serviceEvent(eventName: string): void;
  auditWriteFailure(source: 'api' | 'service'): void;
  render(): Promise<string>;
};

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Distinct operation labels kept; beyond that they count as "other". */
const MAX_OPERATIONS = 256;

type Histogram = { counts: number[]; sum: number; count: number };

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',')}}`;

function counterLines(name: string, help: string, values: Map<string, number>): string[] {
  const out = [`# HELP ${name} ${help}`, `# TYPE ${name} counter`];
  for (const [l, v] of values) out.push(`${name}${l} ${v}`);
  return out;
}

function gaugeLines(name: string, help: string, values: [string, number][], type = 'gauge'): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...values.map(([l, v]) => `${name}${l} ${v}`)];
}

function histogramLines(name: string, help: string, values: Map<string, Histogram>): string[] {
  const out = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
  for (const [op, h] of values) {
    BUCKETS.forEach((le, i) => {
      out.push(`${name}_bucket${labels({ operation: op, le: String(le) })} ${h.counts[i]}`);
    });
    out.push(`${name}_bucket${labels({ operation: op, le: '+Inf' })} ${h.count}`);
    out.push(`${name}_sum${labels({ operation: op })} ${h.sum}`);
    out.push(`${name}_count${labels({ operation: op })} ${h.count}`);
  }
  return out;
}

/** Rotation outcomes are the Rotation* service events (RotationSucceeded → "succeeded"). */
const rotationOutcome = (eventName: string): string | undefined =>
  /^Rotation([A-Z][a-z]+)$/.exec(eventName)?.[1]?.toLowerCase();

export function createMetrics(src: MetricsSources = {}): Metrics {
  const requests = new Map<string, number>();
  const latency = new Map<string, Histogram>();
  const events = new Map<string, number>();
  const rotations = new Map<string, number>();
  const auditFailures = new Map<string, number>();
  const operations = new Set<string>();
  const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

  const operationLabel = (service: string, op: string): string => {
    const key = `${service}.${op}`;
    if (operations.has(key)) return op;
    if (!/^[A-Za-z0-9]{1,64}$/.test(op) || operations.size >= MAX_OPERATIONS) return 'other';
    operations.add(key);
    return op;
  };

  const requestLabels = new Map<string, string>();
  return {
    request(o) {
      const operation = operationLabel(o.service, o.operation || 'none');
      // Escaping and joining the labels of every request cost ~2% of a GetSecretValue: the
      // rendered label set is kept per (service, operation, code), all three bounded.
      const key = `${o.service}\n${operation}\n${o.code}`;
      let requestLabel = requestLabels.get(key);
      if (requestLabel === undefined) {
        requestLabel = labels({ service: o.service, operation, code: o.code });
        requestLabels.set(key, requestLabel);
      }
      bump(requests, requestLabel);
      let h = latency.get(operation);
      if (!h) {
        h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
        latency.set(operation, h);
      }
      for (let i = 0; i < BUCKETS.length; i++) if (o.seconds <= BUCKETS[i]!) h.counts[i]! += 1;
      h.sum += o.seconds;
      h.count += 1;
    },
    serviceEvent(eventName) {
      if (!/^[A-Za-z]{1,64}$/.test(eventName)) return;
      bump(events, labels({ event: eventName }));
      const outcome = rotationOutcome(eventName);
      if (outcome) bump(rotations, labels({ outcome }));
    },
    auditWriteFailure(source) {
      bump(auditFailures, labels({ source }));
    },
    async render() {
      const lines = [
        ...counterLines(
          'strongroom_requests_total',
          'AWS API requests by service, operation and result code.',
          requests,
        ),
        ...histogramLines(
          'strongroom_request_duration_seconds',
          'AWS API request latency, audit write included.',
          latency,
        ),
        ...counterLines('strongroom_service_events_total', 'Service events (rotation, replication, deletion).', events),
        ...counterLines(
          'strongroom_rotations_total',
          'Rotation outcomes, from the Rotation* service events.',
          rotations,
        ),
        ...counterLines(
          'strongroom_audit_write_failures_total',
          'Audit records that could not be written.',
          auditFailures,
        ),
      ];
      const audit = src.auditStats?.();
      if (audit) {
        lines.push(
          ...gaugeLines('strongroom_audit_records_total', 'Audit records written.', [['', audit.records]], 'counter'),
        );
        lines.push(
          ...gaugeLines('strongroom_audit_batches_total', 'Audit group commits.', [['', audit.batches]], 'counter'),
        );
      }
      if (src.secretCounts) {
        const counts = await src.secretCounts();
        const rows = counts.map((c): [string, number] => [labels({ region: c.region }), c.count]);
        lines.push(
          ...gaugeLines('strongroom_resource_count', 'Secrets, those pending deletion included (ResourceCount).', rows),
        );
      }
      const cache = src.readCache?.();
      if (cache) {
        const rows: [string, number][] = [
          [labels({ result: 'hit' }), cache.hits],
          [labels({ result: 'miss' }), cache.misses],
        ];
        lines.push(
          ...gaugeLines('strongroom_read_cache_lookups_total', 'Read-cache lookups by result.', rows, 'counter'),
        );
        lines.push(...gaugeLines('strongroom_read_cache_entries', 'Entries in the read cache.', [['', cache.size]]));
      }
      const kms = src.kmsUsage?.();
      if (kms) {
        const rows = kms.map((u): [string, number] => [
          labels({ key_id: u.keyId, operation: u.operation, purpose: u.purpose }),
          u.count,
        ]);
        lines.push(
          ...gaugeLines('strongroom_kms_requests_total', 'KMS calls by key, operation and purpose.', rows, 'counter'),
        );
      }
      if (src.webhookDeliveries) {
        const d = await src.webhookDeliveries();
        lines.push(
          ...gaugeLines('strongroom_webhook_deliveries', 'Webhook deliveries in the outbox.', [
            [labels({ state: 'pending' }), d.pending],
            [labels({ state: 'dead' }), d.dead],
          ]),
        );
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** GET /metrics. */
export function metricsRoute(m: Metrics): Route {
  return async (req, res) => {
    req.resume();
    let text: string;
    try {
      text = await m.render();
    } catch {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('metrics unavailable\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
}

/** The endpoint's `observe` hook: one metrics sample and one access-log line (debug) per request. */
export function requestObserver(m: Metrics, log: Logger) {
  return (call: ApiCall, out: { status: number; code: string; seconds: number }): void => {
    const service = call.eventSource.split('.')[0] ?? '';
    m.request({ service, operation: call.operation, code: out.code, seconds: out.seconds });
    log.debug('request', {
      requestId: call.requestId,
      service,
      operation: call.operation.slice(0, 128),
      status: out.status,
      code: out.code,
      ms: Math.round(out.seconds * 10_000) / 10,
      sourceIp: call.sourceIp,
      accessKeyId: call.caller?.accessKeyId,
      region: call.region,
    });
  };
}
