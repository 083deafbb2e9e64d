import type { AuditDelivery, AuditReads, AuditSubscription, AuditWrites } from '../audit-ports.js';
import { bytesOut } from '../sqlite/secret-rows.js';
import { type AuditRowWithResources, ENTRY_SELECT, toEntry } from './audit-records.js';
import { all, one, type Sql } from './sql.js';

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
type DueRow = AuditRowWithResources & {
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

/**
 * Leases due deliveries and returns them with their records, in one statement. SKIP LOCKED
 * lets nodes draining the outbox together take different rows.
 */
const CLAIM = {
  name: 'aw_claim',
  text: `WITH due AS (
      SELECT id FROM audit_outbox WHERE dead = 0 AND next_attempt_at <= $1 AND lease_until <= $1
      ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
    ), leased AS (
      UPDATE audit_outbox o SET lease_until = $1::bigint + $2::bigint, attempts = o.attempts + 1
      FROM due WHERE o.id = due.id
      RETURNING o.id, o.subscription_id, o.seq, o.attempts
    )
    SELECT l.id AS outbox_id, l.subscription_id, s.url, s.sealed_secret, l.attempts, ${ENTRY_SELECT}
    FROM leased l
    JOIN audit_subscriptions s ON s.id = l.subscription_id
    JOIN audit_records a ON a.seq = l.seq
    ORDER BY l.id`,
};

/** Webhook subscriptions and the outbox of deliveries (migration 3). */
export function createAuditWebhooks(sql: Sql): WebhookStore {
  return {
    listAuditSubscriptions: async () =>
      (
        await all<SubscriptionRow>(sql, {
          name: 'aw_list',
          text: 'SELECT id, url, pattern, sealed_secret, created_at FROM audit_subscriptions ORDER BY created_at, id',
        })
      ).map(toSubscription),
    async insertAuditSubscription(s) {
      await sql({
        name: 'aw_insert',
        text: `INSERT INTO audit_subscriptions (id, url, pattern, sealed_secret, created_at) VALUES ($1, $2, $3, $4, $5)`,
        values: [s.id, s.url, s.pattern, s.sealedSecret, s.createdAt],
      });
    },
    // Its pending deliveries go with it (ON DELETE CASCADE), in the same statement.
    deleteAuditSubscription: async (id) =>
      ((await sql({ name: 'aw_delete', text: 'DELETE FROM audit_subscriptions WHERE id = $1', values: [id] }))
        .rowCount ?? 0) > 0,
    claimAuditDeliveries: async (now, leaseMs, limit): Promise<AuditDelivery[]> =>
      (await all<DueRow>(sql, { ...CLAIM, values: [now, leaseMs, limit] })).map((r) => ({
        id: r.outbox_id,
        subscriptionId: r.subscription_id,
        url: r.url,
        sealedSecret: bytesOut(r.sealed_secret),
        entry: toEntry(r),
        attempts: r.attempts,
      })),
    async completeAuditDelivery(id) {
      await sql({ name: 'aw_complete', text: 'DELETE FROM audit_outbox WHERE id = $1', values: [id] });
    },
    async failAuditDelivery(id, retryAt, error) {
      if (retryAt === undefined) {
        await sql({
          name: 'aw_give_up',
          text: 'UPDATE audit_outbox SET dead = 1, lease_until = 0, last_error = $1 WHERE id = $2',
          values: [error, id],
        });
      } else {
        await sql({
          name: 'aw_retry',
          text: 'UPDATE audit_outbox SET next_attempt_at = $1, lease_until = 0, last_error = $2 WHERE id = $3',
          values: [retryAt, error, id],
        });
      }
    },
    countAuditDeliveries: async () =>
      (await one<{ pending: number; dead: number }>(sql, {
        name: 'aw_counts',
        text: `SELECT count(*) FILTER (WHERE dead = 0) AS pending, count(*) FILTER (WHERE dead = 1) AS dead
          FROM audit_outbox`,
      })) ?? { pending: 0, dead: 0 },
  };
}
