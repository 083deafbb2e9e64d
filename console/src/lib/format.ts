/** Dates: Secrets Manager and CloudTrail answer epoch seconds; IAM (here) answers epoch milliseconds. */
export const fromSeconds = (s: unknown): Date | undefined => (typeof s === 'number' ? new Date(s * 1000) : undefined);
export const fromMillis = (ms: unknown): Date | undefined => (typeof ms === 'number' ? new Date(ms) : undefined);

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const compact = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** For dense tables (the audit trail): short date, time to the second. */
export const formatCompact = (d: Date | undefined): string => (d ? compact.format(d) : '—');

export const formatDate = (d: Date | undefined, withTime = true): string =>
  d ? (withTime ? dateTime : dateOnly).format(d) : '—';

export const isoOf = (d: Date | undefined): string | undefined => d?.toISOString();

/** Value of a `datetime-local` input as epoch seconds (local time), or undefined when empty. */
export const secondsFromLocalInput = (v: string): number | undefined => {
  if (!v) return undefined;
  const t = new Date(v).getTime();
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
};

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
