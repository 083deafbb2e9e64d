/**
 * Date values for the Date operators: the W3C profile of ISO 8601 (YYYY-MM-DD, with an optional
 * time hh:mm[:ss[.fff]] and zone Z or ±hh:mm; a missing zone means UTC) or epoch seconds (an
 * integer, as aws:EpochTime carries). Returns epoch milliseconds, or undefined when unparsable.
 */
const ISO_RE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;

export function parseDate(v: string | number | boolean): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v * 1000 : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  const m = ISO_RE.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (!inRange(mo, 1, 12) || !inRange(d, 1, 31) || !inRange(h, 0, 23) || !inRange(mi, 0, 59) || !inRange(s, 0, 60)) {
    return undefined;
  }
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d ?? 1), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), ms);
  if (Number.isNaN(utc)) return undefined;
  return utc - zoneOffsetMs(zone);
}

const inRange = (v: string | undefined, lo: number, hi: number) =>
  v === undefined || (Number(v) >= lo && Number(v) <= hi);

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
