import type { ReplicationJob, ReplicationQueue, ReplicationTx } from '../replication-ports.js';
import { all, one, type Sql } from './sql.js';

/**
 * The outbox tables (migration 2). A sequence stands in for SQLite's counter row: the same
 * store-wide increasing numbers without a row that every enqueuing transaction must lock.
 */
export const REPLICATION_OUTBOX_SQL = `
CREATE TABLE replication_jobs (
  secret_id TEXT COLLATE "C" PRIMARY KEY REFERENCES secrets (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,
  overwrite_regions TEXT NOT NULL DEFAULT '[]',
  lease_until BIGINT NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX replication_jobs_by_lease ON replication_jobs (lease_until, seq);
CREATE SEQUENCE replication_seq;
`;

type JobRow = { secret_id: string; seq: number; attempts: number; overwrite_regions: string };

const toJob = (r: JobRow): ReplicationJob => ({ secretId: r.secret_id, seq: r.seq, attempts: r.attempts });

/**
 * Enqueue or re-arm in one statement. The sequence (not a counter row, which would serialise
 * every enqueuing transaction of every node on one row lock) gives each change a larger seq.
 * Re-arming keeps the lease: a worker mid-sync finishes, sees the stale seq and releases it.
 * The overwrite permissions are merged as a set in SQL, so concurrent enqueuers lose none.
 */
const ENQUEUE = {
  name: 'rj_enqueue',
  text: `INSERT INTO replication_jobs AS j (secret_id, seq, overwrite_regions)
    VALUES ($1, nextval('replication_seq'), $2)
    ON CONFLICT (secret_id) DO UPDATE SET seq = excluded.seq, attempts = 0,
      overwrite_regions = (
        SELECT coalesce(json_agg(u.region ORDER BY u.region), '[]'::json)::text FROM (
          SELECT json_array_elements_text(j.overwrite_regions::json)
          UNION SELECT json_array_elements_text(excluded.overwrite_regions::json)
        ) AS u (region)
      )`,
};

const TAKE_OVERWRITE = {
  name: 'rj_take_overwrite',
  text: `UPDATE replication_jobs SET overwrite_regions = (
      SELECT coalesce(json_agg(e.region ORDER BY e.n), '[]'::json)::text
      FROM json_array_elements_text(overwrite_regions::json) WITH ORDINALITY AS e (region, n) WHERE e.region <> $2
    )
    WHERE secret_id = $1 AND overwrite_regions::jsonb ? $2`,
};

/**
 * Leases due jobs in one statement. SKIP LOCKED lets nodes claiming at the same moment take
 * different jobs instead of queueing behind each other; the lease check is re-evaluated on the
 * locked row, so a job leased meanwhile is not taken twice.
 */
const CLAIM = {
  name: 'rj_claim',
  text: `UPDATE replication_jobs j SET lease_until = $1::bigint + $2::bigint, attempts = j.attempts + 1
    FROM (
      SELECT secret_id FROM replication_jobs WHERE lease_until <= $1 ORDER BY seq LIMIT $3 FOR UPDATE SKIP LOCKED
    ) AS due
    WHERE j.secret_id = due.secret_id
    RETURNING j.secret_id, j.seq, j.attempts, j.overwrite_regions`,
};

/** The outbox's transactional half: runs on the caller's transaction connection. */
export function createReplicationTx(sql: Sql): ReplicationTx {
  return {
    async enqueueReplication(secretId, overwriteRegions = []) {
      await sql({ ...ENQUEUE, values: [secretId, JSON.stringify([...new Set(overwriteRegions)])] });
    },
    async takeReplicaOverwrite(secretId, region) {
      return ((await sql({ ...TAKE_OVERWRITE, values: [secretId, region] })).rowCount ?? 0) > 0;
    },
  };
}

/** The worker's half, outside transactions. */
export function createReplicationQueue(sql: Sql): ReplicationQueue {
  return {
    countDueReplicationJobs: async (now) =>
      (
        await one<{ n: number }>(sql, {
          name: 'rj_count_due',
          text: 'SELECT count(*) AS n FROM replication_jobs WHERE lease_until <= $1',
          values: [now],
        })
      )?.n ?? 0,
    async claimReplicationJobs(now, leaseMs, limit) {
      const rows = await all<JobRow>(sql, { ...CLAIM, values: [now, leaseMs, limit] });
      // RETURNING has no order: restore the claim's (oldest change first).
      return rows.sort((a, b) => a.seq - b.seq).map(toJob);
    },
    async completeReplicationJob(secretId, seq) {
      const done = await sql({
        name: 'rj_complete',
        text: 'DELETE FROM replication_jobs WHERE secret_id = $1 AND seq = $2',
        values: [secretId, seq],
      });
      if ((done.rowCount ?? 0) > 0) return true;
      await sql({
        name: 'rj_release',
        text: 'UPDATE replication_jobs SET lease_until = 0 WHERE secret_id = $1',
        values: [secretId],
      });
      return false;
    },
    async findReplicationJob(secretId) {
      const r = await one<JobRow>(sql, {
        name: 'rj_find',
        text: 'SELECT secret_id, seq, attempts, overwrite_regions FROM replication_jobs WHERE secret_id = $1',
        values: [secretId],
      });
      return r ? { ...toJob(r), overwriteRegions: JSON.parse(r.overwrite_regions) as string[] } : undefined;
    },
  };
}
