import { DEFAULT_MIN_INTERVAL_MS } from '../../domain/schedule.js';

/**
 * The rotation engine's knobs. Defaults suit production; tests shrink the timings through
 * the STRONGROOM_ROTATION_* settings (config.ts).
 */
export type RotationSettings = {
  /** Shortest allowed schedule: 4 hours (AWS), down to 1 minute in dev mode or by setting. */
  minIntervalMs: number;
  /** How often the scheduler and the worker look for due work. */
  tickMs: number;
  /** First retry delay after a failed attempt; doubles each attempt, up to retryMaxMs. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failed attempts before a run is given up (AWSPENDING stays; the next window reattempts). */
  maxAttempts: number;
  /** Lease margin beyond a step's timeout: how long a crashed node blocks its runs. */
  leaseMs: number;
  /** Runs executed at once by one node, and rows read per tick. */
  concurrency: number;
  batchSize: number;
  /** This node's name in leases; a restarted node releases its own leases at once. */
  nodeId: string;
};

export const DEFAULT_ROTATION_SETTINGS: RotationSettings = {
  minIntervalMs: DEFAULT_MIN_INTERVAL_MS,
  tickMs: 10_000,
  retryBaseMs: 60_000,
  retryMaxMs: 3_600_000,
  maxAttempts: 5,
  leaseMs: 60_000,
  concurrency: 8,
  batchSize: 100,
  nodeId: 'strongroom',
};
