import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/domain/errors.js';
import {
  daysBetweenRotations,
  nextRotationDateOf,
  nextRotationWindow,
  type Schedule,
  scheduleOf,
  storedScheduleOf,
  windowForDue,
} from '../../src/domain/schedule.js';
import { nextCronFiring, parseAwsCron } from '../../src/domain/schedule-aws-cron.js';
import type { RotationRules } from '../../src/domain/secret.js';

/** Catalog §3.7 and §16 H statements 101-105, with AWS's error messages. */
const SERVER = { minIntervalMs: 4 * 3_600_000 };
const DEV = { minIntervalMs: 60_000 };
const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function refusal(rules: RotationRules, o = SERVER): { code: string; message: string } | undefined {
  try {
    scheduleOf(rules, o);
    return undefined;
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    return { code: e.code, message: e.message };
  }
}

const INVALID = { code: 'InvalidParameterException', message: 'Invalid schedule expression.' };
const expr = (ScheduleExpression: string, Duration?: string): RotationRules => ({ ScheduleExpression, Duration });

describe('rate() (101)', () => {
  it.each([
    ['rate(4 hours)', undefined],
    ['rate(23 hours)', undefined],
    ['rate(1 day)', undefined],
    ['rate(10 days)', undefined],
    ['rate(999 days)', undefined],
    [
      'rate(1 hour)',
      { code: 'InvalidParameterException', message: 'Rate in hour should be least 4 and less than 24.' },
    ],
    [
      'rate(3 hours)',
      { code: 'InvalidParameterException', message: 'Rate in hour should be least 4 and less than 24.' },
    ],
    [
      'rate(24 hours)',
      { code: 'InvalidParameterException', message: 'Rate in hour should be least 4 and less than 24.' },
    ],
    [
      'rate(0 days)',
      { code: 'InvalidParameterException', message: 'Rate in day should be greater than 0 and less than 1000.' },
    ],
    [
      'rate(1000 days)',
      { code: 'InvalidParameterException', message: 'Rate in day should be greater than 0 and less than 1000.' },
    ],
    ['rate(5 minutes)', INVALID],
    ['rate(2 weeks)', INVALID],
    ['rate(1 month)', INVALID],
    ['rate(-4 hours)', INVALID],
    ['rate(4hours)', INVALID],
    ['every 4 hours', INVALID],
  ])('%s', (e, refused) => {
    expect(refusal(expr(e))).toEqual(refused);
  });

  it('takes AutomaticallyAfterDays 1 to 1000 (decision 5), never with a ScheduleExpression', () => {
    expect(refusal({ AutomaticallyAfterDays: 1 })).toBeUndefined();
    expect(refusal({ AutomaticallyAfterDays: 1000 })).toBeUndefined();
    expect(refusal({ AutomaticallyAfterDays: 0 })).toEqual({
      code: 'InvalidParameterException',
      message: 'RotationRules.AutomaticallyAfterDays must be within 1-1000.',
    });
    expect(refusal({ AutomaticallyAfterDays: 3, ScheduleExpression: 'rate(3 days)' })).toEqual({
      code: 'InvalidParameterException',
      message: 'You cannot specify both rotation frequency and schedule expression together.',
    });
  });

  it('reads stored rules, where AutomaticallyAfterDays is computed next to the expression', () => {
    expect(storedScheduleOf({ AutomaticallyAfterDays: 1, ScheduleExpression: 'rate(10 hours)' }, SERVER)).toMatchObject(
      {
        kind: 'interval',
        unit: 'hour',
        stepMs: 10 * H,
      },
    );
  });

  it('accepts minutes and shorter hour rates only where the minimum was lowered (dev mode)', () => {
    expect(refusal(expr('rate(1 minute)'), DEV)).toBeUndefined();
    expect(refusal(expr('rate(59 minutes)'), DEV)).toBeUndefined();
    expect(refusal(expr('rate(1 hour)'), DEV)).toBeUndefined();
    expect(refusal(expr('rate(60 minutes)'), DEV)?.message).toBe('Rate in minute should be least 1 and less than 60.');
    expect(refusal(expr('rate(2 hours)'), { minIntervalMs: 2 * H })).toBeUndefined();
    expect(refusal(expr('rate(1 hour)'), { minIntervalMs: 2 * H })?.message).toBe(
      'Rate in hour should be least 2 and less than 24.',
    );
    expect(refusal(expr('cron(0/5 * * * ? *)'), DEV)).toBeUndefined();
    expect(refusal(expr('cron(0/5 * * * ? *)'))).toEqual(INVALID);
  });
});

describe('cron() (102)', () => {
  it.each([
    'cron(0 /8 * * ? *)',
    'cron(0 8/8 * * ? *)',
    'cron(0 10 * * ? *)',
    'cron(0 18 ? * SAT *)',
    'cron(0 8 1 * ? *)',
    'cron(0 1 ? 1/3 SUN#1 *)',
    'cron(0 17 L * ? *)',
    'cron(0 8 ? * MON-FRI *)',
    'cron(0 16 1,15 * ? *)',
    'cron(0 0 ? * SUN#1 *)',
    'cron(0 0 ? 1/11 2#1 *)',
    'cron(0 0 ? * SUNL *)',
    'cron(0 4/12 * * ? *)',
    'cron(0 2/10 * * ? *)',
    'cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *)',
    'cron(0 11 ? 3,6,9,12 3L *)',
    'cron(0 9 15W * ? *)',
    'cron(0 9 LW * ? *)',
    'cron(0 12 ? * L *)',
    'cron(0 0,12 * JAN-DEC ? *)',
  ])('accepts %s', (e) => {
    expect(refusal(expr(e))).toBeUndefined();
  });

  it.each([
    ['cron(30 8 * * ? *)', 'the minute is not 0'],
    ['cron(0 8 * * ? 2030)', 'the year is not *'],
    ['cron(0 8 1 * MON *)', 'both day fields are given'],
    ['cron(0 8 ? * ? *)', 'neither day field is given'],
    ['cron(0 0/2 * * ? *)', 'every 2 hours is under the 4-hour minimum'],
    ['cron(0 * * * ? *)', 'hourly'],
    ['cron(0 22,1 * * ? *)', '22:00 then 01:00 is 3 hours'],
    ['cron(0 8 * *)', 'four fields'],
    ['cron(0 24 * * ? *)', 'hour 24'],
    ['cron(0 8 32 * ? *)', 'day 32'],
    ['cron(0 8 ? * 0 *)', 'day-of-week 0 (AWS counts 1-7)'],
    ['cron(0 8 ? * SUN#6 *)', 'a sixth Sunday'],
    ['cron(0 8 30 2 ? *)', 'the 30th of February never comes'],
    ['cron(0 8 29 2 ? *)', 'the 29th of February is more than a year apart'],
    ['cron(0 8 ? * FOO *)', 'an unknown name'],
    ['cron(0 5-3 * * ? *)', 'a backwards range'],
  ])('refuses %s (%s)', (e) => {
    expect(refusal(expr(e))).toEqual(INVALID);
  });
});

describe('AWS day-of-week numbering and the day specials', () => {
  const next = (cronText: string, after: string) => {
    const c = parseAwsCron(cronText);
    if (!c) throw new Error(`unparsed: ${cronText}`);
    return iso(nextCronFiring(c, at(after))!);
  };

  it('counts 1 = SUN … 7 = SAT, names alike', () => {
    // 2025-01-01 is a Wednesday.
    expect(next('0 12 ? * 1 *', '2025-01-01T00:00:00Z')).toBe('2025-01-05T12:00:00.000Z');
    expect(next('0 12 ? * SUN *', '2025-01-01T00:00:00Z')).toBe('2025-01-05T12:00:00.000Z');
    expect(next('0 12 ? * 7 *', '2025-01-01T00:00:00Z')).toBe('2025-01-04T12:00:00.000Z');
    expect(next('0 12 ? * 2 *', '2025-01-01T00:00:00Z')).toBe('2025-01-06T12:00:00.000Z');
    expect(next('0 12 ? * 4 *', '2025-01-01T00:00:00Z')).toBe('2025-01-01T12:00:00.000Z');
    expect(next('0 12 ? * mon-fri *', '2025-01-03T13:00:00Z')).toBe('2025-01-06T12:00:00.000Z');
  });

  it('reads L, nL, #, W and LW', () => {
    expect(next('0 0 ? * SUNL *', '2025-01-01T00:00:00Z')).toBe('2025-01-26T00:00:00.000Z');
    expect(next('0 0 ? * 6L *', '2025-02-01T00:00:00Z')).toBe('2025-02-28T00:00:00.000Z');
    expect(next('0 0 ? * L *', '2025-01-01T00:00:00Z')).toBe('2025-01-04T00:00:00.000Z');
    expect(next('0 0 ? * TUE#3 *', '2025-01-01T00:00:00Z')).toBe('2025-01-21T00:00:00.000Z');
    expect(next('0 0 ? 1/11 2#1 *', '2025-01-07T00:00:00Z')).toBe('2025-12-01T00:00:00.000Z');
    expect(next('0 17 L * ? *', '2024-02-01T00:00:00Z')).toBe('2024-02-29T17:00:00.000Z');
    // 2025-03-15 is a Saturday: the nearest weekday is Friday the 14th; 2025-06-01 (Sunday) → Monday 2nd.
    expect(next('0 9 15W * ? *', '2025-03-01T00:00:00Z')).toBe('2025-03-14T09:00:00.000Z');
    expect(next('0 9 1W * ? *', '2025-05-31T00:00:00Z')).toBe('2025-06-02T09:00:00.000Z');
    // 2025-05-31 is a Saturday: the last weekday of May is Friday the 30th.
    expect(next('0 9 LW * ? *', '2025-05-01T00:00:00Z')).toBe('2025-05-30T09:00:00.000Z');
    expect(next('0 1 ? 1/3 SUN#1 *', '2025-01-06T00:00:00Z')).toBe('2025-04-06T01:00:00.000Z');
  });
});

const windowsFrom = (s: Schedule, from: number, n: number) => {
  const out: string[] = [];
  let base = from;
  for (let i = 0; i < n; i++) {
    const w = nextRotationWindow(s, base, base)!;
    out.push(`${iso(w.start)}..${iso(w.end)}`);
    base = w.start;
  }
  return out;
};

describe('windows (103, 105)', () => {
  it('restarts hour increments every day: 4/12 → 04:00 and 16:00; 2/10 → 02:00, 12:00, 22:00 (103)', () => {
    const s1 = scheduleOf(expr('cron(0 4/12 * * ? *)'), SERVER)!;
    expect(windowsFrom(s1, at('2025-01-01T00:00:00Z'), 3).map((w) => w.slice(0, 24))).toEqual([
      '2025-01-01T04:00:00.000Z',
      '2025-01-01T16:00:00.000Z',
      '2025-01-02T04:00:00.000Z',
    ]);
    const s2 = scheduleOf(expr('cron(0 2/10 * * ? *)'), SERVER)!;
    expect(windowsFrom(s2, at('2025-01-01T00:00:00Z'), 4).map((w) => w.slice(0, 24))).toEqual([
      '2025-01-01T02:00:00.000Z',
      '2025-01-01T12:00:00.000Z',
      '2025-01-01T22:00:00.000Z',
      '2025-01-02T02:00:00.000Z',
    ]);
  });

  it('gives an hourly schedule a one-hour window and a daily one a window to midnight UTC (105)', () => {
    const hours = scheduleOf(expr('cron(0 4/12 * * ? *)'), SERVER)!;
    expect(windowsFrom(hours, at('2025-01-01T00:00:00Z'), 1)).toEqual([
      '2025-01-01T04:00:00.000Z..2025-01-01T05:00:00.000Z',
    ]);
    const daily = scheduleOf(expr('cron(0 10 * * ? *)'), SERVER)!;
    expect(windowsFrom(daily, at('2025-01-01T11:00:00Z'), 1)).toEqual([
      '2025-01-02T10:00:00.000Z..2025-01-03T00:00:00.000Z',
    ]);
    const rateHours = scheduleOf(expr('rate(6 hours)'), SERVER)!;
    expect(windowsFrom(rateHours, at('2025-01-01T07:30:00Z'), 2)).toEqual([
      '2025-01-01T12:00:00.000Z..2025-01-01T13:00:00.000Z',
      '2025-01-01T18:00:00.000Z..2025-01-01T19:00:00.000Z',
    ]);
    const rateDays = scheduleOf(expr('rate(2 days)'), SERVER)!;
    expect(windowsFrom(rateDays, at('2025-01-01T07:30:00Z'), 1)).toEqual([
      '2025-01-03T00:00:00.000Z..2025-01-04T00:00:00.000Z',
    ]);
    const withDuration = scheduleOf(expr('cron(0 16 1,15 * ? *)', '2h'), SERVER)!;
    expect(windowsFrom(withDuration, at('2025-01-02T00:00:00Z'), 1)).toEqual([
      '2025-01-15T16:00:00.000Z..2025-01-15T18:00:00.000Z',
    ]);
  });

  it('counts AutomaticallyAfterDays from the last rotation, shown as the window’s last second', () => {
    // An AWS DescribeSecret seen in the wild: changed 2026-02-03T17:42Z, 30 days → 2026-03-05T23:59:59Z.
    const s = scheduleOf({ AutomaticallyAfterDays: 30 }, SERVER)!;
    const w = nextRotationWindow(s, at('2026-02-03T17:42:24Z'), at('2026-02-03T17:42:24Z'))!;
    expect(iso(nextRotationDateOf(w))).toBe('2026-03-05T23:59:59.000Z');
    const short = scheduleOf({ AutomaticallyAfterDays: 1, Duration: '3h' }, SERVER)!;
    const w2 = nextRotationWindow(short, at('2025-01-01T12:00:00Z'), at('2025-01-01T12:00:00Z'))!;
    expect([iso(w2.start), iso(nextRotationDateOf(w2))]).toEqual([
      '2025-01-02T00:00:00.000Z',
      '2025-01-02T02:59:59.000Z',
    ]);
  });

  it('does not make up a missed window: still open → now; closed → the next one', () => {
    const daily = scheduleOf({ AutomaticallyAfterDays: 3 }, SERVER)!;
    const missed = nextRotationWindow(daily, at('2025-01-01T00:00:00Z'), at('2025-01-10T15:00:00Z'))!;
    expect(iso(missed.start)).toBe('2025-01-10T00:00:00.000Z');
    const narrow = scheduleOf({ AutomaticallyAfterDays: 3, Duration: '2h' }, SERVER)!;
    const later = nextRotationWindow(narrow, at('2025-01-01T00:00:00Z'), at('2025-01-10T15:00:00Z'))!;
    expect(iso(later.start)).toBe('2025-01-11T00:00:00.000Z');
    const cron = scheduleOf(expr('cron(0 10 * * ? *)', '2h'), SERVER)!;
    expect(iso(windowForDue(cron, at('2025-01-05T10:00:00Z'), at('2025-01-05T11:00:00Z'))!.start)).toBe(
      '2025-01-05T10:00:00.000Z',
    );
    expect(iso(windowForDue(cron, at('2025-01-05T10:00:00Z'), at('2025-01-05T13:00:00Z'))!.start)).toBe(
      '2025-01-06T10:00:00.000Z',
    );
  });

  it('computes the AutomaticallyAfterDays AWS shows next to an expression', () => {
    const now = at('2025-01-01T00:00:00Z');
    expect(daysBetweenRotations(scheduleOf(expr('rate(10 hours)'), SERVER)!, now)).toBe(1);
    expect(daysBetweenRotations(scheduleOf(expr('rate(10 days)'), SERVER)!, now)).toBe(10);
    expect(daysBetweenRotations(scheduleOf(expr('cron(0 18 ? * SAT *)'), SERVER)!, now)).toBe(7);
  });
});

describe('Duration (104)', () => {
  it.each([
    [expr('cron(0 16 * * ? *)', '2h'), undefined],
    [expr('rate(4 hours)', '4h'), undefined],
    [{ AutomaticallyAfterDays: 5, Duration: '24h' }, undefined],
    [expr('cron(0 20 * * ? *)', '4h'), undefined],
    [expr('cron(0 16 * * ? *)', '0h'), 'Duration must be at least 1 hour, at most 24 hour.'],
    [expr('rate(2 days)', '25h'), 'Duration must be at least 1 hour, at most 24 hour.'],
    [expr('rate(4 hours)', '5h'), 'Duration cannot be greater than Rate in hour.'],
    [expr('cron(0 4/12 * * ? *)', '13h'), 'Duration cannot be greater than Rate in hour.'],
    [expr('cron(0 22 * * ? *)', '3h'), 'Starting hour and duration must be within a day.'],
    [expr('cron(0 4,16 * * ? *)', '9h'), 'Starting hour and duration must be within a day.'],
  ])('%o', (rules, message) => {
    expect(refusal(rules)?.message).toBe(message);
  });
});
