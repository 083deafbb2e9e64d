import type { Clock } from '../../lib/clock.js';
import { type ReplicationDeps, syncSecretReplicas } from './sync-job.js';

export type ReplicationWorkerOptions = {
  clock: Clock;
  /** Pause between polls of the outbox when it is empty (STRONGROOM_REPLICATION_INTERVAL_MS). */
  intervalMs: number;
  /**
   * How long a claimed job is reserved. A worker that dies mid-job (kill -9) leaves its jobs to
   * whoever claims after this; a sync never takes this long, and doing one twice is harmless.
   */
  leaseMs?: number;
  /** Jobs claimed per poll; a full batch polls again at once. */
  batch?: number;
};

export type ReplicationWorker = {
  /** Starts polling now (pending jobs left by a previous run are picked up at once). */
  start(): void;
  /** Stops polling and waits for the job in hand, so the store can close safely after it. */
  stop(): Promise<void>;
  /** One poll: claims, syncs and completes a batch; returns how many jobs were claimed. */
  runOnce(): Promise<number>;
};

export const DEFAULT_LEASE_MS = 30_000;

/**
 * The outbox worker: an unref'd timer that never overlaps itself. Each job is completed only if
 * no newer change re-armed it meanwhile (its `seq`); otherwise it stays queued and runs again.
 */
export function createReplicationWorker(d: ReplicationDeps, o: ReplicationWorkerOptions): ReplicationWorker {
  const leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
  const batch = o.batch ?? 20;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let stopped = true;

  const runOnce = async (): Promise<number> => {
    if ((await d.store.countDueReplicationJobs(o.clock.now())) === 0) return 0;
    const jobs = await d.store.claimReplicationJobs(o.clock.now(), leaseMs, batch);
    for (const job of jobs) {
      const outcome = await syncSecretReplicas(d, job.secretId, o.clock.now()).catch((e: unknown) => {
        d.log.error('replication job failed; will retry after its lease', {
          attempts: job.attempts,
          error: e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error',
        });
        return 'retry' as const;
      });
      if (outcome === 'done') await d.store.completeReplicationJob(job.secretId, job.seq);
    }
    return jobs.length;
  };

  const schedule = (ms: number): void => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };

  function tick(): void {
    inFlight = runOnce()
      .then(
        (claimed) => (claimed >= batch ? 0 : o.intervalMs),
        (e: unknown) => {
          d.log.error('replication poll failed', { error: e instanceof Error ? e.message : 'unknown error' });
          return o.intervalMs;
        },
      )
      .then((next) => {
        inFlight = undefined;
        schedule(next);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
    runOnce,
  };
}
