/**
 * IPv4 and IPv6 addresses and CIDR blocks for IpAddress / NotIpAddress. An address without a
 * prefix is a single host (/32, /128). An IPv4-mapped IPv6 address (::ffff:a.b.c.d, which Node
 * reports for IPv4 clients on a dual-stack socket) is compared as the IPv4 address it carries.
 */
export type Cidr = { bytes: Uint8Array; prefix: number };

export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const addr = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!addr) return undefined;
  const max = addr.length * 8;
  if (slash < 0) return { bytes: addr, prefix: max };
  const p = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p) || Number(p) > max) return undefined;
  return { bytes: addr, prefix: Number(p) };
}

export function cidrContains(c: Cidr, ip: Uint8Array): boolean {
  if (c.bytes.length !== ip.length) return false;
  const full = c.prefix >> 3;
  for (let i = 0; i < full; i++) if (c.bytes[i] !== ip[i]) return false;
  const rest = c.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (c.bytes[full]! & mask) === (ip[full]! & mask);
}

export function parseIp(text: string): Uint8Array | undefined {
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    if (v6 && isV4Mapped(v6)) return v6.slice(12);
    return v6;
  }
  return parseIpv4(text);
}

/** Dotted quad, parsed by hand: this runs for every IpAddress condition of every request. */
function parseIpv4(text: string): Uint8Array | undefined {
  const out = new Uint8Array(4);
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // '.' closes the last part
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return undefined;
    } else if (c === 46 && digits > 0 && part < 4) {
      out[part++] = value;
      digits = 0;
      value = 0;
    } else return undefined;
  }
  return part === 4 ? out : undefined;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const zone = text.indexOf('%');
  const s = zone < 0 ? text : text.slice(0, zone);
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 16 : count > 14) return undefined;
  const out = new Uint8Array(16);
  out.set(head, 0);
  out.set(tail, 16 - tail.length);
  return out;
}

/** Colon-separated hex groups (the last may be a dotted IPv4) → bytes. */
function groups(s: string): number[] | undefined {
  if (s === '') return [];
  const parts = s.split(':');
  const bytes: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (!v4) return undefined;
      bytes.push(...v4);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
      const n = Number.parseInt(p, 16);
      bytes.push(n >> 8, n & 0xff);
    }
  }
  return bytes;
}

function isV4Mapped(b: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 0xff && b[11] === 0xff;
}
