import type { Database } from 'better-sqlite3';
import type { ReplicationJob, ReplicationQueue, ReplicationTx } from '../replication-ports.js';
import type { Sync } from './sync.js';

type JobRow = { secret_id: string; seq: number; attempts: number; overwrite_regions: string };

const toJob = (r: JobRow): ReplicationJob => ({ secretId: r.secret_id, seq: r.seq, attempts: r.attempts });
const regionsOf = (json: string | undefined): string[] => (json ? (JSON.parse(json) as string[]) : []);

/**
 * The outbox rows (migration 2: replication_jobs, replication_seq). The transactional half runs
 * inside the caller's transaction through its `tx`; the queue half runs on its own, through the
 * gate, like the other housekeeping writes.
 */
export function createReplicationTx(db: Database): Sync<ReplicationTx> {
  const nextSeq = db.prepare<[], number>('UPDATE replication_seq SET value = value + 1 RETURNING value').pluck();
  const overwritesOf = db
    .prepare<[string], string>('SELECT overwrite_regions FROM replication_jobs WHERE secret_id = ?')
    .pluck();
  // Re-arming keeps the lease: a worker mid-sync finishes, sees the stale seq and releases it.
  const upsert = db.prepare<[string, number, string]>(
    `INSERT INTO replication_jobs (secret_id, seq, overwrite_regions) VALUES (?, ?, ?)
     ON CONFLICT (secret_id) DO UPDATE SET seq = excluded.seq, overwrite_regions = excluded.overwrite_regions,
       attempts = 0`,
  );
  const setOverwrites = db.prepare<[string, string]>(
    'UPDATE replication_jobs SET overwrite_regions = ? WHERE secret_id = ?',
  );

  return {
    enqueueReplication: db.transaction((secretId: string, overwriteRegions: readonly string[] = []) => {
      const seq = nextSeq.get();
      if (seq === undefined) throw new Error('replication_seq is missing its row');
      const merged = new Set([...regionsOf(overwritesOf.get(secretId)), ...overwriteRegions]);
      upsert.run(secretId, seq, JSON.stringify([...merged]));
    }),
    takeReplicaOverwrite: db.transaction((secretId: string, region: string) => {
      const regions = regionsOf(overwritesOf.get(secretId));
      if (!regions.includes(region)) return false;
      setOverwrites.run(JSON.stringify(regions.filter((r) => r !== region)), secretId);
      return true;
    }),
  };
}

export function createReplicationQueue(db: Database): Sync<ReplicationQueue> {
  const due = db.prepare<[number, number], JobRow>(
    `SELECT secret_id, seq, attempts, overwrite_regions FROM replication_jobs
     WHERE lease_until <= ? ORDER BY seq LIMIT ?`,
  );
  const lease = db.prepare<[number, string, number]>(
    'UPDATE replication_jobs SET lease_until = ?, attempts = attempts + 1 WHERE secret_id = ? AND seq = ?',
  );
  const remove = db.prepare<[string, number]>('DELETE FROM replication_jobs WHERE secret_id = ? AND seq = ?');
  const release = db.prepare<[string]>('UPDATE replication_jobs SET lease_until = 0 WHERE secret_id = ?');
  const dueCount = db.prepare<[number], number>('SELECT count(*) FROM replication_jobs WHERE lease_until <= ?').pluck();
  const one = db.prepare<[string], JobRow>(
    'SELECT secret_id, seq, attempts, overwrite_regions FROM replication_jobs WHERE secret_id = ?',
  );

  const claim = db.transaction((now: number, leaseMs: number, limit: number): ReplicationJob[] => {
    const rows = due.all(now, limit);
    for (const r of rows) lease.run(now + leaseMs, r.secret_id, r.seq);
    return rows.map((r) => ({ ...toJob(r), attempts: r.attempts + 1 }));
  });

  return {
    countDueReplicationJobs: (now) => dueCount.get(now) ?? 0,
    // IMMEDIATE: two processes sharing the file cannot both lease the same row.
    claimReplicationJobs: (now, leaseMs, limit) => claim.immediate(now, leaseMs, limit),
    completeReplicationJob(secretId, seq) {
      if (remove.run(secretId, seq).changes > 0) return true;
      release.run(secretId);
      return false;
    },
    findReplicationJob(secretId) {
      const r = one.get(secretId);
      return r ? { ...toJob(r), overwriteRegions: regionsOf(r.overwrite_regions) } : undefined;
    },
  };
}
