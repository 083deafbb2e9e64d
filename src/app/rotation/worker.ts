import type { RotationDeps } from './deps.js';
import { runRotation } from './run-rotation.js';
import { schedulePass } from './scheduler.js';

export type RotationWorker = {
  /** Releases this node's stale leases (a restart resumes its runs at once) and starts ticking. */
  start(): Promise<void>;
  /** Looks for work now (after RotateSecret) instead of at the next tick. */
  wake(): void;
  /** One scheduler pass and one claim of due runs; runs proceed in the background. */
  tick(): Promise<void>;
  /** Resolves when the runs started so far have settled (tests). */
  idle(): Promise<void>;
  /** Stops ticking, interrupts running steps (they resume after restart) and waits for them. */
  stop(): Promise<void>;
};

/**
 * The background half of rotation on one node: a timer (unref'd, it never keeps the process
 * alive) that schedules due windows and executes claimed runs, at most `concurrency` at once.
 * Every decision about "who runs what" is a lease in the store, so nodes may share a database.
 */
export function createRotationWorker(d: RotationDeps, shutdown: AbortController): RotationWorker {
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function claimRuns(): Promise<void> {
    const free = d.settings.concurrency - inFlight.size;
    if (free <= 0) return;
    const now = d.clock.now();
    const runs = await d.secrets.store.claimRotationRuns(now, d.settings.nodeId, now + d.settings.leaseMs, free);
    for (const run of runs) {
      const p: Promise<void> = runRotation(d, run)
        .catch((e) => d.log.error('rotation run failed', { runId: run.id, error: String(e) }))
        .finally(() => {
          inFlight.delete(p);
          if (!stopped) wake(); // a retry may be due, or a slot is free for waiting runs
        });
      inFlight.add(p);
    }
  }

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        await schedulePass(d, d.clock.now());
        await claimRuns();
      } catch (e) {
        d.log.error('rotation tick failed', { error: String(e) });
      }
    } while (again && !stopped);
  }

  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (ticking) {
      again = true;
      return ticking;
    }
    ticking = loop().finally(() => {
      ticking = undefined;
    });
    return ticking;
  }

  function wake(): void {
    if (!stopped) setImmediate(() => void tick());
  }

  return {
    async start() {
      const released = await d.secrets.store.releaseRotationLeases(d.settings.nodeId);
      if (released > 0) d.log.info('resuming interrupted rotations', { runs: released });
      timer = setInterval(() => void tick(), d.settings.tickMs);
      timer.unref();
      wake();
    },
    wake,
    tick,
    async idle() {
      while (ticking || inFlight.size > 0) await Promise.allSettled([ticking, ...inFlight]);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      shutdown.abort();
      await Promise.allSettled([ticking, ...inFlight]);
    },
  };
}
