import type { RequestContext } from '../app/context.js';
import type { EventSink, ServiceEvent } from '../app/events.js';
import type { Ids } from '../lib/ids.js';
import type { Logger } from '../lib/json-log.js';
import type { AuditStore } from '../storage/audit-ports.js';
import { type ApiCall, apiCallRecord, batchMemberCalls, secretIdNeedingArn } from './api-call.js';
import { checkpointKey, createCheckpointer } from './checkpoint.js';
import { createCloudTrailDispatcher } from './cloudtrail/dispatch.js';
import { CLOUDTRAIL_TARGET_PREFIX } from './cloudtrail/model.js';
import { fileSink, type LineSink, streamSink } from './jsonl-sink.js';
import { loadServiceShapes, type ServiceShapes } from './model-shapes.js';
import { CLOUDTRAIL_SOURCE, SECRETS_MANAGER_SOURCE } from './record.js';
import { createRecordTemplates } from './record-template.js';
import { createRecorder } from './recorder.js';
import { serviceAssumedRoleRecord } from './service-assumed-role.js';
import { serviceEventRecord } from './service-event.js';
import { createDeliveryWorker } from './webhooks/delivery.js';
import { openWebhookSecret, webhookSealKey } from './webhooks/signing.js';
import { createSubscriptionMatcher } from './webhooks/subscriptions.js';

export type AuditOptions = {
  /** false only for benchmark comparisons (STRONGROOM_AUDIT=off): nothing is recorded. */
  enabled: boolean;
  /** A JSON-lines file, or '-' for stdout, written (and required) besides the database. */
  file?: string;
  store: AuditStore;
  rootKey: Uint8Array;
  now: () => number;
  ids: Ids;
  log: Logger;
  authorize: (ctx: RequestContext, r: { action: string; resource: string }) => Promise<void>;
  /** The full ARN of a secret named by a SecretId (name, ARN), for changes whose response has none. */
  secretArnOf?: (accountId: string, region: string, secretId: string) => Promise<string | undefined>;
  /** Metrics hooks. */
  onWriteFailure?: (source: 'api' | 'service') => void;
  onServiceEvent?: (e: ServiceEvent) => void;
  checkpointEvery?: number;
  checkpointIntervalMs?: number;
  webhookPollMs?: number;
  subscriptionRefreshMs?: number;
};

/** The CloudTrail endpoint, in the shape of http/aws-endpoint.ts's service routes. */
export type CloudTrailRoute = {
  targetPrefix: string;
  signingService: string;
  eventSource: string;
  dispatch: ReturnType<typeof createCloudTrailDispatcher>;
};

export type AuditRuntime = {
  /** Writes the call's record durably, or throws (the endpoint then fails the request). */
  recordCall?: (call: ApiCall) => Promise<void>;
  cloudTrail: CloudTrailRoute;
  /**
   * Service events → AwsServiceEvent records (and metrics, and one log line each); roles a
   * service assumed → AssumeRole records (fail closed).
   */
  events: EventSink;
  ready(): Promise<boolean>;
  stats(): { batches: number; records: number; failedBatches: number };
  /** Writes what is queued, signs the tail, stops the timers. */
  close(): Promise<void>;
};

/** Shapes by event source, for redaction by the service model. */
function shapesBySource(): Map<string, ServiceShapes> {
  const model = new URL('../protocol/model/secretsmanager.json', import.meta.url);
  const overlay = new URL('../protocol/model/overlay.json', import.meta.url);
  return new Map([[SECRETS_MANAGER_SOURCE, loadServiceShapes(model, overlay)]]);
}

const sinkFor = (file: string | undefined): LineSink[] =>
  file === undefined || file === '' ? [] : [file === '-' ? streamSink(process.stdout) : fileSink(file)];

/** Wires the audit trail: recorder, sinks, checkpoints, webhooks and the CloudTrail endpoint. */
export async function wireAudit(o: AuditOptions): Promise<AuditRuntime> {
  const { store, log } = o;
  const cloudTrail: CloudTrailRoute = {
    targetPrefix: CLOUDTRAIL_TARGET_PREFIX,
    signingService: 'cloudtrail',
    eventSource: CLOUDTRAIL_SOURCE,
    dispatch: createCloudTrailDispatcher({ store, authorize: o.authorize }),
  };
  const logEvent = (e: ServiceEvent) => log.info('event', { ...e, at: new Date(e.at).toISOString() });
  if (!o.enabled) {
    log.warn('audit is off (STRONGROOM_AUDIT=off): for benchmark comparisons only, nothing is recorded');
    const events: EventSink = {
      emit: async (e) => {
        o.onServiceEvent?.(e);
        logEvent(e);
      },
      assumedRole: async () => {},
    };
    const zero = { batches: 0, records: 0, failedBatches: 0 };
    return { cloudTrail, events, ready: async () => true, stats: () => zero, close: async () => {} };
  }

  const sinks = sinkFor(o.file);
  const sealKey = webhookSealKey(o.rootKey);
  const subscriptions = createSubscriptionMatcher(store, (id, error) => log.warn('bad webhook pattern', { id, error }));
  await subscriptions.refresh();
  const checkpointer = createCheckpointer({
    store,
    key: checkpointKey(o.rootKey),
    every: o.checkpointEvery,
    now: o.now,
  });
  const worker = createDeliveryWorker({
    store,
    secretOf: (d) => openWebhookSecret(sealKey, d.subscriptionId, d.sealedSecret),
    now: o.now,
    onError: (msg, fields) => log.warn(msg, fields),
  });
  let delivering: Promise<void> | undefined;
  const deliver = () => {
    delivering ??= worker
      .runOnce()
      .then(() => undefined)
      .catch((e) => log.error('webhook worker failed', { error: String(e) }))
      .finally(() => {
        delivering = undefined;
      });
  };
  const recorder = createRecorder({
    store,
    sinks,
    subscriptions,
    afterCommit: (entries, deliveries) => {
      const head = entries.at(-1);
      if (head) checkpointer.afterAppend(head).catch((e) => log.error('audit checkpoint failed', { error: String(e) }));
      if (deliveries > 0) setImmediate(deliver);
    },
  });
  const shapes = shapesBySource();
  const templates = createRecordTemplates((call, id, now) =>
    apiCallRecord(call, shapes.get(call.eventSource), id, now),
  );

  const timers = [
    setInterval(
      () => void checkpointer.tick().catch((e) => log.error('audit checkpoint failed', { error: String(e) })),
      o.checkpointIntervalMs ?? 60_000,
    ),
    setInterval(deliver, o.webhookPollMs ?? 1000),
    setInterval(
      () => void subscriptions.refresh().catch((e) => log.error('subscription refresh failed', { error: String(e) })),
      o.subscriptionRefreshMs ?? 2000,
    ),
  ];
  for (const t of timers) t.unref();

  // emit resolves once the record is durable; never rejects (emitting must not fail the work).
  const events: EventSink = {
    async emit(e) {
      o.onServiceEvent?.(e);
      logEvent(e);
      try {
        await recorder.record(serviceEventRecord(e, o.ids.eventId(e.at), o.ids.requestId()));
      } catch (error) {
        o.onWriteFailure?.('service');
        log.error('audit write failed', { eventName: e.eventName, secretArn: e.secretArn, error: String(error) });
      }
    },
    // Fail closed, unlike emit: the caller must not hand out a session whose record is not durable.
    async assumedRole(e) {
      try {
        await recorder.record(serviceAssumedRoleRecord(e, o.ids.eventId(e.at), o.ids.requestId()));
      } catch (error) {
        o.onWriteFailure?.('service');
        log.error('audit write failed', { eventName: 'AssumeRole', roleArn: e.roleArn, error: String(error) });
        throw error;
      }
    },
  };

  return {
    recordCall: async (call) => {
      try {
        const secretId = secretIdNeedingArn(call);
        // Best effort: a lookup that fails leaves the ARN out, it does not refuse the request.
        const arn =
          secretId && call.caller && call.region
            ? await o.secretArnOf?.(call.caller.accountId, call.region, secretId).catch(() => undefined)
            : undefined;
        const shape = shapes.get(call.eventSource);
        const now = o.now();
        const id = o.ids.eventId(now);
        // A template only where no webhook pattern needs the record object to match against.
        const prepared = subscriptions.none() ? templates.prepare(call, id, now) : undefined;
        const main = prepared
          ? recorder.recordPrepared(id, prepared)
          : recorder.record(apiCallRecord(call, shape, id, now, arn));
        const members = batchMemberCalls(call).map((m) =>
          recorder.record(apiCallRecord(m, shape, o.ids.eventId(now), now)),
        );
        await (members.length === 0 ? main : Promise.all([main, ...members]));
      } catch (e) {
        o.onWriteFailure?.('api');
        throw e;
      }
    },
    cloudTrail,
    events,
    async ready() {
      try {
        await store.probeAuditWritable();
        for (const s of sinks) await s.probe();
        return true;
      } catch {
        return false;
      }
    },
    stats: () => recorder.stats(),
    async close() {
      for (const t of timers) clearInterval(t);
      await recorder.drain();
      await delivering;
      await checkpointer.tick().catch((e) => log.error('audit checkpoint failed', { error: String(e) }));
    },
  };
}
