import { DAY_MS, startOfUtcDay } from '../lib/clock.js';
import { Errors } from './errors.js';
import { type AwsCron, firesSeveralTimesADay, nextCronFiring, parseAwsCron } from './schedule-aws-cron.js';
import type { RotationRules } from './secret.js';

/**
 * Rotation schedules: RotationRules (AutomaticallyAfterDays | ScheduleExpression, Duration)
 * → a validated Schedule → rotation windows. Pure; all times are UTC epoch milliseconds.
 *
 * Windows (AWS "Rotation windows"): a window opens on the hour; without Duration an hourly
 * schedule's window lasts one hour and a daily schedule's window runs to midnight UTC.
 * Strongroom rotates when a window opens (AWS picks any time inside it).
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
/** AWS: "You can rotate a secret as often as every four hours." */
export const DEFAULT_MIN_INTERVAL_MS = 4 * HOUR_MS;
/** The floor for the dev-mode / STRONGROOM_MIN_ROTATION_INTERVAL override. */
export const LOWEST_MIN_INTERVAL_MS = MINUTE_MS;

export type Schedule =
  | { kind: 'interval'; unit: 'day' | 'hour' | 'minute'; stepMs: number; durationMs?: number }
  | { kind: 'cron'; cron: AwsCron; durationMs?: number };

export type ScheduleOptions = { minIntervalMs: number };

export type RotationWindow = { start: number; end: number };

const RATE_RE = /^rate\((\d{1,4}) +(minutes?|hours?|days?)\)$/;
const CRON_RE = /^cron\((.*)\)$/;

/** The schedule of `rules`, or undefined when they name none. Throws AWS's errors. */
export function scheduleOf(rules: RotationRules, o: ScheduleOptions): Schedule | undefined {
  const days = rules.AutomaticallyAfterDays;
  const expr = rules.ScheduleExpression;
  if (days !== undefined && expr !== undefined) throw Errors.rotationBothSchedules();
  const durationMs = rules.Duration === undefined ? undefined : parseDuration(rules.Duration);
  let s: Schedule;
  if (days !== undefined) {
    if (!Number.isInteger(days) || days < 1 || days > 1000) throw Errors.rotationDays();
    s = { kind: 'interval', unit: 'day', stepMs: days * DAY_MS };
  } else if (expr !== undefined) {
    s = parseExpression(expr.trim(), o);
  } else {
    return undefined;
  }
  if (durationMs !== undefined) {
    checkDuration(s, durationMs);
    s.durationMs = durationMs;
  }
  return s;
}

/**
 * The schedule of rules as stored: next to a ScheduleExpression, AutomaticallyAfterDays is the
 * value computed for display (see daysBetweenRotations), so the expression wins.
 */
export function storedScheduleOf(rules: RotationRules, o: ScheduleOptions): Schedule | undefined {
  if (rules.ScheduleExpression === undefined) return scheduleOf(rules, o);
  return scheduleOf({ ScheduleExpression: rules.ScheduleExpression, Duration: rules.Duration }, o);
}

function parseDuration(text: string): number {
  const m = /^(\d{1,2})h$/.exec(text);
  const hours = m ? Number(m[1]) : 0;
  if (hours < 1 || hours > 24) throw Errors.rotationDurationRange();
  return hours * HOUR_MS;
}

function parseExpression(expr: string, o: ScheduleOptions): Schedule {
  const rate = RATE_RE.exec(expr);
  if (rate) return parseRate(Number(rate[1]), rate[2]!, o);
  const cronText = CRON_RE.exec(expr)?.[1];
  const cron = cronText === undefined ? undefined : parseAwsCron(cronText, { anyMinute: o.minIntervalMs < HOUR_MS });
  if (!cron) throw Errors.rotationInvalidSchedule();
  const gaps = cronGaps(cron);
  if (!gaps || gaps.min < o.minIntervalMs || gaps.max > 366 * DAY_MS) throw Errors.rotationInvalidSchedule();
  return { kind: 'cron', cron };
}

function parseRate(n: number, unit: string, o: ScheduleOptions): Schedule {
  if (unit.startsWith('day')) {
    if (n < 1 || n > 999) throw Errors.rotationRateDays();
    return { kind: 'interval', unit: 'day', stepMs: n * DAY_MS };
  }
  if (unit.startsWith('hour')) {
    const minHours = Math.max(1, Math.ceil(o.minIntervalMs / HOUR_MS));
    if (n < minHours || n > 23) throw Errors.rotationRateHours(minHours);
    return { kind: 'interval', unit: 'hour', stepMs: n * HOUR_MS };
  }
  // Minutes exist only where the minimum interval was lowered below an hour (dev mode, tests).
  if (o.minIntervalMs >= HOUR_MS) throw Errors.rotationInvalidSchedule();
  const minMinutes = Math.max(1, Math.ceil(o.minIntervalMs / MINUTE_MS));
  if (n < minMinutes || n > 59) throw Errors.rotationRateMinutes(minMinutes);
  return { kind: 'interval', unit: 'minute', stepMs: n * MINUTE_MS };
}

/** A window must not run into the next window nor past midnight UTC. */
function checkDuration(s: Schedule, durationMs: number): void {
  if (s.kind === 'interval') {
    if (s.unit !== 'day' && durationMs > s.stepMs) throw Errors.rotationDurationOverRate();
    return;
  }
  if (firesSeveralTimesADay(s.cron) && durationMs > (cronGaps(s.cron)?.min ?? 0)) {
    throw Errors.rotationDurationOverRate();
  }
  const lastOfDay = s.cron.hours.at(-1)! * HOUR_MS + s.cron.minutes.at(-1)! * MINUTE_MS;
  if (lastOfDay + durationMs > DAY_MS) throw Errors.rotationDurationPastDay();
}

/** A fixed reference (a Monday in a leap year) so validation does not depend on today. */
const REFERENCE = Date.UTC(2024, 0, 1) - 1;
const MAX_SAMPLES = 3000;

/**
 * Shortest and longest gap between firings over two years (or the first 3000 firings, enough
 * to cover every daily pattern). undefined when it never fires.
 */
export function cronGaps(c: AwsCron): { min: number; max: number } | undefined {
  let prev = nextCronFiring(c, REFERENCE);
  if (prev === undefined) return undefined;
  let min = Number.POSITIVE_INFINITY;
  let max = prev - REFERENCE;
  for (let i = 0; i < MAX_SAMPLES && prev < REFERENCE + 2 * 366 * DAY_MS; i++) {
    const next = nextCronFiring(c, prev);
    if (next === undefined) return { min, max: Number.POSITIVE_INFINITY };
    min = Math.min(min, next - prev);
    max = Math.max(max, next - prev);
    prev = next;
  }
  return { min, max };
}

function windowLength(s: Schedule, start: number): number {
  if (s.durationMs !== undefined) return s.durationMs;
  if (s.kind === 'interval') return s.unit === 'day' ? DAY_MS : Math.min(HOUR_MS, s.stepMs);
  if (!firesSeveralTimesADay(s.cron)) return startOfUtcDay(start) + DAY_MS - start;
  const next = nextCronFiring(s.cron, start);
  return Math.min(HOUR_MS, next === undefined ? HOUR_MS : next - start);
}

/**
 * The first window that opens after `base` (the last rotation, or the last manual change of
 * the value, for interval schedules) and has not closed by `now`. A window missed while the
 * server was down is not made up: the next one is taken, which is the same day's window for a
 * daily schedule when it is still open.
 */
export function nextRotationWindow(s: Schedule, base: number, now: number): RotationWindow | undefined {
  if (s.kind === 'cron') return nextCronWindow(s, base, now);
  const anchor = startOfUtcDay(base);
  if (s.unit === 'day') {
    const length = windowLength(s, 0);
    let start = anchor + s.stepMs;
    if (start + length <= now) start = startOfUtcDay(now);
    if (start + length <= now) start += DAY_MS;
    return { start, end: start + length };
  }
  const length = windowLength(s, 0);
  const k = Math.max(Math.floor((base - anchor) / s.stepMs), Math.floor((now - length - anchor) / s.stepMs)) + 1;
  const start = anchor + k * s.stepMs;
  return { start, end: start + length };
}

function nextCronWindow(s: Extract<Schedule, { kind: 'cron' }>, base: number, now: number) {
  let start = nextCronFiring(s.cron, base);
  for (let i = 0; start !== undefined && i < 10_000; i++) {
    const end = start + windowLength(s, start);
    if (end > now) return { start, end };
    // Every window is at most a day long: anything opening before now − 1 day has closed.
    start = nextCronFiring(s.cron, Math.max(start, now - DAY_MS));
  }
  return undefined;
}

/**
 * The window a due time stands for, as seen at `now`: that window if still open (rotate now),
 * else the next one (a missed window is not made up).
 */
export function windowForDue(s: Schedule, dueAt: number, now: number): RotationWindow | undefined {
  return nextRotationWindow(s, s.kind === 'interval' ? dueAt - s.stepMs : dueAt - 1, now);
}

/** AWS reports NextRotationDate as the last second of the window (e.g. 23:59:59). */
export const nextRotationDateOf = (w: RotationWindow): number => w.end - 1000;

/** Interval schedules count from the last rotation, so a manual value change moves them. */
export const countsFromLastRotation = (s: Schedule): boolean => s.kind === 'interval';

/**
 * AutomaticallyAfterDays as DescribeSecret shows it next to a ScheduleExpression ("calculated
 * from the rotation schedule"): whole days between rotations, at least 1.
 */
export function daysBetweenRotations(s: Schedule, now: number): number {
  if (s.kind === 'interval') return Math.max(1, Math.ceil(s.stepMs / DAY_MS));
  const a = nextCronFiring(s.cron, now);
  const b = a === undefined ? undefined : nextCronFiring(s.cron, a);
  return a === undefined || b === undefined ? 1 : Math.max(1, Math.ceil((b - a) / DAY_MS));
}
