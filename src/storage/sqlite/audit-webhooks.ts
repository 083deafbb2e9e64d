import type { Database } from 'better-sqlite3';
import type { AuditDelivery, AuditReads, AuditSubscription, AuditWrites } from '../audit-ports.js';
import { resourcesOf, type WithResources } from './audit-resource-index.js';
import { type AuditRow, auditSelect, rowToEntry } from './audit-rows.js';
import { bytesOut } from './secret-rows.js';
import type { Sync } from './sync.js';

type WebhookStore = Pick<AuditReads, 'listAuditSubscriptions'> &
  Pick<
    AuditWrites,
    | 'insertAuditSubscription'
    | 'deleteAuditSubscription'
    | 'claimAuditDeliveries'
    | 'completeAuditDelivery'
    | 'failAuditDelivery'
    | 'countAuditDeliveries'
  >;

type SubscriptionRow = { id: string; url: string; pattern: string; sealed_secret: Uint8Array; created_at: number };
type DueRow = WithResources<AuditRow> & {
  outbox_id: number;
  subscription_id: string;
  url: string;
  sealed_secret: Uint8Array;
  attempts: number;
};

const toSubscription = (r: SubscriptionRow): AuditSubscription => ({
  id: r.id,
  url: r.url,
  pattern: r.pattern,
  sealedSecret: bytesOut(r.sealed_secret),
  createdAt: r.created_at,
});

/** Webhook subscriptions and the outbox of deliveries (migration 3). */
export function createAuditWebhooks(db: Database): Sync<WebhookStore> {
  const list = db.prepare<[], SubscriptionRow>(
    'SELECT id, url, pattern, sealed_secret, created_at FROM audit_subscriptions ORDER BY created_at, id',
  );
  const insert = db.prepare<SubscriptionRow>(
    `INSERT INTO audit_subscriptions (id, url, pattern, sealed_secret, created_at)
     VALUES (@id, @url, @pattern, @sealed_secret, @created_at)`,
  );
  const remove = db.prepare<[string]>('DELETE FROM audit_subscriptions WHERE id = ?');
  const dropDeliveries = db.prepare<[string]>('DELETE FROM audit_outbox WHERE subscription_id = ?');
  const due = db.prepare<[number, number, number], DueRow>(
    `SELECT o.id AS outbox_id, o.subscription_id, s.url, s.sealed_secret, o.attempts, ${auditSelect('a')}, a.resources
     FROM audit_outbox o
     JOIN audit_subscriptions s ON s.id = o.subscription_id
     JOIN audit_records a ON a.seq = o.seq
     WHERE o.dead = 0 AND o.next_attempt_at <= ? AND o.lease_until <= ?
     ORDER BY o.id LIMIT ?`,
  );
  const lease = db.prepare<[number, number]>(
    'UPDATE audit_outbox SET lease_until = ?, attempts = attempts + 1 WHERE id = ?',
  );
  const complete = db.prepare<[number]>('DELETE FROM audit_outbox WHERE id = ?');
  const retry = db.prepare<[number, string, number]>(
    'UPDATE audit_outbox SET next_attempt_at = ?, lease_until = 0, last_error = ? WHERE id = ?',
  );
  const giveUp = db.prepare<[string, number]>(
    'UPDATE audit_outbox SET dead = 1, lease_until = 0, last_error = ? WHERE id = ?',
  );
  const counts = db.prepare<[], { pending: number; dead: number }>(
    'SELECT coalesce(sum(dead = 0), 0) AS pending, coalesce(sum(dead = 1), 0) AS dead FROM audit_outbox',
  );

  const claim = db.transaction((now: number, leaseMs: number, limit: number): AuditDelivery[] => {
    const rows = due.all(now, now, limit);
    for (const r of rows) lease.run(now + leaseMs, r.outbox_id);
    return rows.map((r) => ({
      id: r.outbox_id,
      subscriptionId: r.subscription_id,
      url: r.url,
      sealedSecret: bytesOut(r.sealed_secret),
      entry: rowToEntry(r, resourcesOf(r.resources)),
      attempts: r.attempts + 1,
    }));
  });

  return {
    listAuditSubscriptions: () => list.all().map(toSubscription),
    insertAuditSubscription(s) {
      insert.run({ id: s.id, url: s.url, pattern: s.pattern, sealed_secret: s.sealedSecret, created_at: s.createdAt });
    },
    deleteAuditSubscription: db.transaction((id: string) => {
      dropDeliveries.run(id);
      return remove.run(id).changes > 0;
    }),
    claimAuditDeliveries: (now, leaseMs, limit) => claim.immediate(now, leaseMs, limit),
    completeAuditDelivery(id) {
      complete.run(id);
    },
    failAuditDelivery(id, retryAt, error) {
      if (retryAt === undefined) giveUp.run(error, id);
      else retry.run(retryAt, error, id);
    },
    countAuditDeliveries: () => counts.get() ?? { pending: 0, dead: 0 },
  };
}
