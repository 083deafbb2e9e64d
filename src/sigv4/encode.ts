/**
 * URI encoding rules of SigV4 (non-S3 flavour). Everything works on UTF-8 bytes rather than on
 * JS strings so that lone surrogates or odd escapes can never make signer and verifier disagree.
 */

const HEX = '0123456789ABCDEF';

/** RFC 3986 unreserved characters: the only bytes SigV4 leaves unescaped. */
const isUnreserved = (b: number): boolean =>
  (b >= 0x41 && b <= 0x5a) || // A-Z
  (b >= 0x61 && b <= 0x7a) || // a-z
  (b >= 0x30 && b <= 0x39) || // 0-9
  b === 0x2d || // -
  b === 0x2e || // .
  b === 0x5f || // _
  b === 0x7e; // ~

/** Percent-encodes every byte outside the unreserved set, with uppercase hex as SigV4 requires. */
export function uriEscapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    out += isUnreserved(b) ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

export const uriEscape = (s: string): string => uriEscapeBytes(Buffer.from(s, 'utf8'));

const hexVal = (c: number): number => {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
};

/**
 * Decodes %XX escapes into bytes. Malformed escapes are kept literally (and will be re-escaped
 * as %25...), which makes a garbled query fail the signature compare instead of throwing.
 * '+' stays '+': SigV4 clients always send a space as %20, and AWS treats '+' literally.
 */
export function percentDecodeBytes(s: string): Buffer {
  const src = Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && i + 2 < src.length) {
      const hi = hexVal(src[i + 1]!);
      const lo = hexVal(src[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = b;
  }
  return out.subarray(0, n);
}

/**
 * Canonical URI for non-S3 services: drop empty and '.' segments, resolve '..', then escape each
 * segment once more. The path we are given is the wire path (already encoded once by the client),
 * so this second escape is the "double encoding" the SigV4 spec asks of non-S3 services.
 */
export function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  if (segments.length === 0) return '/';
  const trailing = path.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEscape).join('/')}${trailing}`;
}

export type QueryPair = readonly [name: string, value: string];

/** Splits a raw query string (no '?') into encoded name/value pairs; a bare name gets ''. */
export function splitRawQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

/** Decoded value of a raw query component, for reading X-Amz-* parameters. */
export const decodeComponent = (s: string): string => percentDecodeBytes(s).toString('utf8');

/** Re-escapes a wire query component canonically (decode once, encode with SigV4 rules). */
const canonicalComponent = (s: string): string => uriEscapeBytes(percentDecodeBytes(s));

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Canonical query string: every pair re-encoded, sorted by encoded name then encoded value
 * (both ASCII after escaping, so code-unit order is byte order). `omit` drops a parameter by
 * exact name, e.g. X-Amz-Signature in the presigned form.
 */
export function canonicalQuery(rawQuery: string, omit?: string): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of splitRawQuery(rawQuery)) {
    if (omit !== undefined && decodeComponent(name) === omit) continue;
    pairs.push([canonicalComponent(name), canonicalComponent(value)]);
  }
  pairs.sort((a, b) => byCodeUnit(a[0], b[0]) || byCodeUnit(a[1], b[1]));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}
