/**
 * The replication outbox: at most one pending job per primary secret. Every committed change to a
 * primary that has replicas enqueues (or re-arms) its job in the same transaction as the change,
 * so a change is never committed without its job, and a burst of changes coalesces into one sync.
 * A worker claims jobs with a lease and completes them only if no newer change arrived meanwhile.
 */

/** A claimed job: sync every replica of `secretId` to the primary's current state. */
export type ReplicationJob = {
  secretId: string;
  /**
   * Store-wide monotonic number taken at each enqueue. Completing with a stale `seq` keeps the
   * job (a newer change must still be synced), which is what makes coalescing safe.
   */
  seq: number;
  /** Claims so far, this one included (reset by each enqueue). */
  attempts: number;
};

/** Outbox writes that ride in the caller's transaction. */
export type ReplicationTx = {
  /**
   * Enqueues a sync of the secret's replicas, or re-arms the pending one. `overwriteRegions`
   * (ForceOverwriteReplicaSecret) lets the next sync replace a same-name secret in those regions;
   * they add to any already pending.
   */
  enqueueReplication(secretId: string, overwriteRegions?: readonly string[]): Promise<void>;
  /** Removes `region` from the job's overwrite permissions; true if it was there. */
  takeReplicaOverwrite(secretId: string, region: string): Promise<boolean>;
};

/** The worker's side of the outbox (outside transactions). */
export type ReplicationQueue = {
  /**
   * How many jobs a claim at `now` would find: a read, so an idle worker polls without writing
   * (and without invalidating read caches layered over the store).
   */
  countDueReplicationJobs(now: number): Promise<number>;
  /**
   * Leases up to `limit` jobs whose lease has run out (or never started), oldest change first,
   * until `now + leaseMs`; a job leased by a crashed worker is claimable again after its lease.
   */
  claimReplicationJobs(now: number, leaseMs: number, limit: number): Promise<ReplicationJob[]>;
  /**
   * Deletes the job if it still has `seq` and returns true. Otherwise a newer change re-armed it:
   * the job stays and its lease is released so the next claim picks it up at once.
   */
  completeReplicationJob(secretId: string, seq: number): Promise<boolean>;
  /** The pending job of a secret, leased or not. */
  findReplicationJob(secretId: string): Promise<(ReplicationJob & { overwriteRegions: string[] }) | undefined>;
};
