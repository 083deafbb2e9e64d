import type { RotationRules } from './secret-types';

/** The rotation schedule builder's state, and the RotationRules it stands for. */
export type ScheduleForm = {
  kind: 'rate' | 'cron' | 'days';
  rateValue: number;
  rateUnit: 'hours' | 'days';
  cron: string;
  days: number;
  /** Window length in hours; 0 = no window given (AWS's default applies). */
  windowHours: number;
};

export const defaultSchedule = (r?: RotationRules): ScheduleForm => {
  const rate = /^rate\((\d+) +(hours?|days?)\)$/.exec(r?.ScheduleExpression ?? '');
  const hours = /^(\d+)h$/.exec(r?.Duration ?? '');
  const base: ScheduleForm = {
    kind: 'rate',
    rateValue: 30,
    rateUnit: 'days',
    cron: 'cron(0 8 1 * ? *)',
    days: 30,
    windowHours: hours ? Number(hours[1]) : 0,
  };
  if (rate) return { ...base, rateValue: Number(rate[1]), rateUnit: rate[2]!.startsWith('hour') ? 'hours' : 'days' };
  if (r?.ScheduleExpression?.startsWith('cron(')) return { ...base, kind: 'cron', cron: r.ScheduleExpression };
  if (r?.AutomaticallyAfterDays !== undefined) return { ...base, kind: 'days', days: r.AutomaticallyAfterDays };
  return base;
};

const unit = (n: number, u: 'hours' | 'days') => (n === 1 ? u.slice(0, -1) : u);

export function rulesOf(f: ScheduleForm): RotationRules {
  const window = f.windowHours > 0 ? { Duration: `${f.windowHours}h` } : {};
  if (f.kind === 'days') return { AutomaticallyAfterDays: f.days, ...window };
  if (f.kind === 'cron') return { ScheduleExpression: f.cron.trim(), ...window };
  return { ScheduleExpression: `rate(${f.rateValue} ${unit(f.rateValue, f.rateUnit)})`, ...window };
}

/** "rate(30 days), 3h window" in words. */
export function describeRules(r?: RotationRules): string {
  if (!r) return 'No schedule';
  const what =
    r.ScheduleExpression ??
    (r.AutomaticallyAfterDays !== undefined ? `every ${r.AutomaticallyAfterDays} days` : 'no schedule');
  return r.Duration ? `${what}, within a ${r.Duration} window` : what;
}
