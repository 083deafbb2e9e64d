/**
 * AWS cron expressions as Secrets Manager (and EventBridge) read them: six fields,
 * `Minutes Hours Day-of-month Month Day-of-week Year`, all UTC.
 *
 * - Day-of-week counts 1-7 = SUN-SAT (not 0-6 as Unix cron); names SUN-SAT and JAN-DEC are
 *   case-insensitive.
 * - `?` means "no value": exactly one of day-of-month and day-of-week is `?`.
 * - Day-of-month: `L` (last day), `LW` (last weekday), `15W` (weekday nearest the 15th, not
 *   leaving the month). Day-of-week: `L` (Saturday), `6L`/`FRIL` (last Friday of the month),
 *   `2#1`/`MON#1` (first Monday).
 * - Increments `a/b`, `*\/b` and `/b` (from the field's minimum) restart at each day for hours,
 *   as AWS documents: `cron(0 4/12 * * ? *)` fires at 04:00 and 16:00 every day.
 *
 * A small evaluator rather than croner: we must parse anyway to give AWS's errors and check
 * the minimum interval, croner counts day-of-week from 0 and reads `L`/`#` differently, and
 * evaluation over the parsed sets is a few lines (see docs/rotation.md).
 */
export type AwsCron = {
  minutes: number[];
  hours: number[];
  months: ReadonlySet<number>;
  /** undefined when the field is `?`. */
  dom?: DayOfMonth;
  dow?: DayOfWeek;
};

type DayOfMonth = { days: ReadonlySet<number>; last: boolean; lastWeekday: boolean; nearestWeekday: number[] };
type DayOfWeek = { days: ReadonlySet<number>; lastOf: number[]; nth: { day: number; n: number }[] };

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

type Range = { min: number; max: number; names?: string[] };
const MINUTE: Range = { min: 0, max: 59 };
const HOUR: Range = { min: 0, max: 23 };
const DOM: Range = { min: 1, max: 31 };
const MONTH: Range = { min: 1, max: 12, names: MONTHS };
const DOW: Range = { min: 1, max: 7, names: WEEKDAYS };

/** A number or (where the field has names) a name; undefined when out of range or malformed. */
function value(text: string, r: Range): number | undefined {
  if (/^\d{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= r.min && n <= r.max ? n : undefined;
  }
  const i = r.names?.indexOf(text.toUpperCase()) ?? -1;
  return i >= 0 ? r.min + i : undefined;
}

/** `*`, `n`, `a-b`, with an optional `/step`; `/step` alone starts at the minimum. */
function item(text: string, r: Range, out: Set<number>): boolean {
  const [base = '', stepText, extra] = text.split('/');
  if (extra !== undefined) return false;
  const step = stepText === undefined ? 1 : /^\d{1,3}$/.test(stepText) ? Number(stepText) : 0;
  if (step < 1) return false;
  let lo: number | undefined;
  let hi: number | undefined;
  if (base === '*' || (base === '' && stepText !== undefined)) {
    lo = r.min;
    hi = r.max;
  } else if (base.includes('-')) {
    const [a = '', b = ''] = base.split('-');
    lo = value(a, r);
    hi = value(b, r);
    if (lo === undefined || hi === undefined || lo > hi) return false;
  } else {
    lo = value(base, r);
    hi = stepText === undefined ? lo : r.max;
  }
  if (lo === undefined || hi === undefined) return false;
  for (let v = lo; v <= hi; v += step) out.add(v);
  return true;
}

function list(text: string, r: Range): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) if (!item(part, r, out)) return undefined;
  return out;
}

function dayOfMonth(text: string): DayOfMonth | undefined {
  const dom: DayOfMonth = { days: new Set(), last: false, lastWeekday: false, nearestWeekday: [] };
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const up = part.toUpperCase();
    if (up === 'L') dom.last = true;
    else if (up === 'LW') dom.lastWeekday = true;
    else if (/^\d{1,2}W$/.test(up)) {
      const d = value(up.slice(0, -1), DOM);
      if (d === undefined) return undefined;
      dom.nearestWeekday.push(d);
    } else if (!item(part, DOM, days)) return undefined;
  }
  return { ...dom, days };
}

function dayOfWeek(text: string): DayOfWeek | undefined {
  const dow: DayOfWeek = { days: new Set(), lastOf: [], nth: [] };
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const up = part.toUpperCase();
    const nth = /^([A-Z]{3}|\d)#([1-5])$/.exec(up);
    if (up === 'L') days.add(7);
    else if (nth) {
      const d = value(nth[1]!, DOW);
      if (d === undefined) return undefined;
      dow.nth.push({ day: d, n: Number(nth[2]) });
    } else if (/^([A-Z]{3}|\d)L$/.test(up)) {
      const d = value(up.slice(0, -1), DOW);
      if (d === undefined) return undefined;
      dow.lastOf.push(d);
    } else if (!item(part, DOW, days)) return undefined;
  }
  return { ...dow, days };
}

const sortedArray = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);

/**
 * Parses the inside of `cron(...)`. Returns undefined for anything AWS would refuse as a
 * malformed expression: wrong field count, values out of range, `?` in both or neither day
 * field, a year other than `*`, and (unless `anyMinute`) a minute other than 0.
 */
export function parseAwsCron(expr: string, o: { anyMinute?: boolean } = {}): AwsCron | undefined {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 6) return undefined;
  const [min, hour, dom, month, dow, year] = f as [string, string, string, string, string, string];
  if (year !== '*') return undefined;
  if (!o.anyMinute && min !== '0') return undefined;
  if ((dom === '?') === (dow === '?')) return undefined;
  const minutes = list(min, MINUTE);
  const hours = list(hour, HOUR);
  const months = list(month, MONTH);
  if (!minutes || !hours || !months) return undefined;
  const cron: AwsCron = { minutes: sortedArray(minutes), hours: sortedArray(hours), months };
  if (dom !== '?') {
    const d = dayOfMonth(dom);
    if (!d) return undefined;
    cron.dom = d;
  } else {
    const d = dayOfWeek(dow);
    if (!d) return undefined;
    cron.dow = d;
  }
  return cron;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const daysInMonth = (y: number, m0: number): number => new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();
/** 1 = Sunday … 7 = Saturday, AWS numbering. */
const weekday = (y: number, m0: number, d: number): number => new Date(Date.UTC(y, m0, d)).getUTCDay() + 1;
const isWeekday = (y: number, m0: number, d: number): boolean => {
  const w = weekday(y, m0, d);
  return w !== 1 && w !== 7;
};

/** The weekday nearest day `n` without leaving the month (Quartz's `nW`). */
function nearestWeekday(y: number, m0: number, n: number): number | undefined {
  const last = daysInMonth(y, m0);
  if (n > last) return undefined;
  const w = weekday(y, m0, n);
  if (w === 7) return n === 1 ? 3 : n - 1; // Saturday → Friday, or Monday the 3rd
  if (w === 1) return n === last ? n - 2 : n + 1; // Sunday → Monday, or Friday before
  return n;
}

function matchesDay(c: AwsCron, y: number, m0: number, d: number): boolean {
  if (!c.months.has(m0 + 1)) return false;
  const last = daysInMonth(y, m0);
  if (c.dom) {
    if (c.dom.days.has(d)) return true;
    if (c.dom.last && d === last) return true;
    if (c.dom.lastWeekday) {
      let lw = last;
      while (!isWeekday(y, m0, lw)) lw--;
      if (d === lw) return true;
    }
    return c.dom.nearestWeekday.some((n) => nearestWeekday(y, m0, n) === d);
  }
  const dow = c.dow!;
  const w = weekday(y, m0, d);
  if (dow.days.has(w)) return true;
  if (dow.lastOf.includes(w) && d + 7 > last) return true;
  return dow.nth.some((x) => x.day === w && Math.ceil(d / 7) === x.n);
}

/** Longest search for the next firing: enough for a 29 February schedule (then refused). */
const SEARCH_DAYS = 4 * 366 + 1;

/** The first firing strictly after `after` (epoch ms), or undefined within four years. */
export function nextCronFiring(c: AwsCron, after: number): number | undefined {
  let day = after - (((after % DAY_MS) + DAY_MS) % DAY_MS);
  for (let i = 0; i <= SEARCH_DAYS; i++, day += DAY_MS) {
    const date = new Date(day);
    if (!matchesDay(c, date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())) continue;
    for (const h of c.hours) {
      for (const m of c.minutes) {
        const t = day + h * HOUR_MS + m * 60_000;
        if (t > after) return t;
      }
    }
  }
  return undefined;
}

/** Firings per day > 1 makes it an "hours" schedule (1-hour default window), else a "days" one. */
export const firesSeveralTimesADay = (c: AwsCron): boolean => c.hours.length * c.minutes.length > 1;
