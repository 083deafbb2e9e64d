/** Time is injected everywhere below the edges so tests can move it (deletion windows, skew). */
export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };

/** A clock tests can set and advance; also used by `dev` mode's time-travel hooks. */
export function manualClock(start = Date.now()): Clock & { set(ms: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export const DAY_MS = 86_400_000;

/** Midnight UTC of the day containing `ms`: AWS reports LastAccessedDate at day granularity. */
export const startOfUtcDay = (ms: number): number => ms - (ms % DAY_MS);
