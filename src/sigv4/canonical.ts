import { createHash } from 'node:crypto';
import { canonicalQuery, canonicalUri } from './encode.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
export const TERMINATOR = 'aws4_request';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Header bag as node delivers it (lowercase names; arrays for repeated headers). */
export type HeaderBag = Readonly<Record<string, string | readonly string[] | undefined>>;

/** 20150830T123600Z, the compact ISO 8601 "basic format" SigV4 uses everywhere. */
export const toAmzDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Requests signed in the same second share x-amz-date: remember the last one parsed. */
let lastParsed: { s: string; ms: number | undefined } = { s: '', ms: undefined };

/** Parses the basic format strictly (round-trips through Date, so 20150230 is rejected). */
export function parseAmzDate(s: string): number | undefined {
  if (s === lastParsed.s) return lastParsed.ms;
  const m = AMZ_DATE.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, se);
  const ms = toAmzDate(utc) === s ? utc : undefined;
  lastParsed = { s, ms };
  return ms;
}

/**
 * SigV4 "trimall": collapse runs of spaces and tabs (HTTP's optional whitespace) to one space and
 * trim them. Only SP/HTAB (and CR/LF of folded lines) count, exactly as the JS SDK's signer does,
 * so exotic Unicode spaces can't make us disagree with it. Repeated headers join with ','.
 */
const trimAll = (v: string): string =>
  v
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/^ | $/g, '');

export function canonicalHeaderValue(value: string | readonly string[] | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? trimAll(value) : value.map(trimAll).join(',');
}

/** The canonical-headers block: one "name:value\n" line per signed header, in the given order. */
export function canonicalHeadersBlock(headers: HeaderBag, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) out += `${name}:${canonicalHeaderValue(headers[name])}\n`;
  return out;
}

export type CanonicalInput = {
  method: string;
  /** Wire path, as sent on the request line (already percent-encoded once). */
  rawPath: string;
  /** Wire query without '?'. */
  rawQuery: string;
  headers: HeaderBag;
  /** Lowercase header names, already in canonical (sorted) order. */
  signedHeaders: readonly string[];
  payloadHash: string;
  /** Query parameter left out of the canonical query (X-Amz-Signature when presigned). */
  omitQueryParam?: string;
};

export function canonicalRequest(input: CanonicalInput): string {
  return [
    input.method.toUpperCase(),
    canonicalUri(input.rawPath),
    canonicalQuery(input.rawQuery, input.omitQueryParam),
    canonicalHeadersBlock(input.headers, input.signedHeaders),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
}

export const credentialScope = (date8: string, region: string, service: string): string =>
  `${date8}/${region}/${service}/${TERMINATOR}`;

export const stringToSign = (amzDate: string, scope: string, canonical: string): string =>
  `${ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
