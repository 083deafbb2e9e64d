import type { AuditDelivery, AuditStore } from '../../storage/audit-ports.js';
import type { CloudTrailRecord } from '../record.js';
import { envelopeOf } from './envelope.js';
import { SIGNATURE_HEADER, signatureHeader } from './signing.js';

export type DeliveryOptions = {
  store: Pick<AuditStore, 'claimAuditDeliveries' | 'completeAuditDelivery' | 'failAuditDelivery'>;
  /** The plaintext signing secret of a subscription. */
  secretOf: (d: AuditDelivery) => string;
  now: () => number;
  onError: (message: string, fields: Record<string, unknown>) => void;
  timeoutMs?: number;
  /** Attempts before a delivery is given up (kept, never retried). Default 10. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt up to an hour, plus up to 20% jitter. Default 1 s. */
  baseDelayMs?: number;
  batch?: number;
};

export type DeliveryWorker = {
  /** Claims and delivers what is due now; resolves with the number attempted. */
  runOnce(): Promise<number>;
};

const HOUR = 3_600_000;

/**
 * Drains the outbox: POSTs each event (the EventBridge envelope as JSON) to its subscription's
 * URL, signed, with a timeout. Deliveries run here, never on the request path; a crash leaves
 * claimed rows to be picked up again when their lease ends (at-least-once).
 */
export function createDeliveryWorker(o: DeliveryOptions): DeliveryWorker {
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxAttempts = o.maxAttempts ?? 10;
  const base = o.baseDelayMs ?? 1000;

  const deliverOne = async (d: AuditDelivery) => {
    const body = JSON.stringify(envelopeOf(JSON.parse(d.entry.record) as CloudTrailRecord));
    let failure: string | undefined;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'strongroom-webhooks/1',
          'x-strongroom-event-id': d.entry.eventId,
          'x-strongroom-subscription-id': d.subscriptionId,
          'x-strongroom-delivery-attempt': String(d.attempts),
          [SIGNATURE_HEADER]: signatureHeader(o.secretOf(d), Math.floor(o.now() / 1000), body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status > 299) failure = `HTTP ${res.status}`;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
    if (failure === undefined) return o.store.completeAuditDelivery(d.id);
    const delay = Math.min(base * 2 ** (d.attempts - 1), HOUR) * (1 + Math.random() * 0.2);
    const retryAt = d.attempts >= maxAttempts ? undefined : o.now() + Math.round(delay);
    o.onError('webhook delivery failed', {
      subscriptionId: d.subscriptionId,
      eventId: d.entry.eventId,
      attempt: d.attempts,
      error: failure,
      givenUp: retryAt === undefined,
    });
    await o.store.failAuditDelivery(d.id, retryAt, failure.slice(0, 500));
  };

  return {
    async runOnce() {
      const due = await o.store.claimAuditDeliveries(o.now(), timeoutMs * 3, o.batch ?? 20);
      await Promise.all(due.map((d) => deliverOne(d)));
      return due.length;
    },
  };
}
