/**
 * Server-side SigV4 verification for the AWS JSON front end. Every failure is a ServiceError
 * carrying AWS's code and wording; see README.md for the table and the sources.
 */
import { timingSafeEqual } from 'node:crypto';
import { Errors } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import {
  canonicalRequest,
  credentialScope,
  type HeaderBag,
  parseAmzDate,
  sha256Hex,
  stringToSign,
  TERMINATOR,
  toAmzDate,
} from '../sigv4/canonical.js';
import { defaultSigningKeyCache, type SigningKeyCache, signatureHex } from '../sigv4/signing-key.js';
import { extractSignedParts, headerValue, type SignedParts } from './sigv4-parse.js';

export type IncomingSigned = {
  method: string;
  rawPath: string;
  /** Without '?'. */
  rawQuery: string;
  /** node IncomingMessage.headers (lowercase). Pass req.headersDistinct to keep repeated headers apart. */
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
};

export type SigV4Identity = {
  accessKeyId: string;
  region: string;
  service: string;
  sessionToken?: string;
  presigned: boolean;
};

/** The secret access key, or undefined if the key id is unknown or inactive. */
export type SecretKeyLookup = (accessKeyId: string) => Promise<string | undefined>;

export type VerifierOptions = {
  clock: Clock;
  lookup: SecretKeyLookup;
  /** Accepted scope services, e.g. ['secretsmanager', 'iam', 'sts']; the first is named in errors. */
  services: readonly string[];
  /** Default 5 minutes, as AWS's JSON front end. X-Amz-Expires never widens it. */
  maxSkewMs?: number;
  /** Dev mode: parse and check shape, but skip the key lookup and the signature compare. */
  acceptAnySignature?: boolean;
  /** Signing-key cache; defaults to the process-wide one. */
  cache?: SigningKeyCache;
};

const DEFAULT_SKEW_MS = 5 * 60_000;
/** AWS region names: us-east-1, us-gov-west-1, ap-southeast-5, ... */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

type Scope = { accessKeyId: string; date8: string; region: string; service: string };

/** Request time in ms and its basic-format spelling; the Date header may use HTTP format. */
function requestTime(parts: SignedParts): { ms: number; amzDate: string } {
  let ms = parseAmzDate(parts.date);
  if (ms === undefined && parts.dateFromHttpHeader && /GMT$/.test(parts.date)) {
    const parsed = Date.parse(parts.date);
    if (!Number.isNaN(parsed)) ms = parsed;
  }
  if (ms === undefined) throw Errors.sigBadDate(parts.date);
  // An x-amz-date that parsed is already in basic format; only a Date header needs respelling.
  return { ms, amzDate: parts.dateFromHttpHeader ? toAmzDate(ms) : parts.date };
}

function checkSkew(requestMs: number, amzDate: string, nowMs: number, skewMs: number): void {
  // The date strings are only built on failure: this runs on every request.
  if (requestMs >= nowMs - skewMs && requestMs <= nowMs + skewMs) return;
  const minutes = skewMs / 60_000;
  const now = toAmzDate(nowMs);
  if (requestMs < nowMs - skewMs) throw Errors.sigExpired(amzDate, toAmzDate(nowMs - skewMs), now, minutes);
  throw Errors.sigNotYetCurrent(amzDate, toAmzDate(nowMs + skewMs), now, minutes);
}

/** akid/yyyymmdd/region/service/aws4_request; AWS ignores trailing slashes. */
function parseScope(credential: string, amzDate: string, services: readonly string[]): Scope {
  const elements = credential.replace(/\/+$/, '').split('/');
  if (elements.length !== 5) throw Errors.sigBadCredential(credential);
  const [accessKeyId, date8, region, service, terminator] = elements as [string, string, string, string, string];
  const problems = {
    ...(!REGION.test(region) && { region }),
    ...(!services.includes(service) && { service: services[0] ?? '' }),
    ...(terminator !== TERMINATOR && { terminator }),
    ...(date8 !== amzDate.slice(0, 8) && { date: { got: date8, want: amzDate.slice(0, 8), from: amzDate } }),
  };
  if (Object.keys(problems).length > 0) throw Errors.sigBadScope(problems);
  return { accessKeyId, date8, region, service };
}

const signedHeaderList = (raw: string): string[] =>
  raw
    .split(';')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');

/** Host may arrive as the HTTP/2 pseudo-header; SigV4 signs it under the name "host". */
function withHost(headers: HeaderBag): HeaderBag {
  if (headers.host !== undefined || headers[':authority'] === undefined) return headers;
  return { ...headers, host: headers[':authority'] };
}

/**
 * Constant-time compare of two hex signatures. timingSafeEqual needs equal lengths; on a length
 * mismatch we still do a compare of the same size so timing reveals nothing but the (public) length.
 */
function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export function createSigV4Verifier(opts: VerifierOptions): (req: IncomingSigned) => Promise<SigV4Identity> {
  const skewMs = opts.maxSkewMs ?? DEFAULT_SKEW_MS;
  const cache = opts.cache ?? defaultSigningKeyCache;

  return async (req) => {
    const headers = withHost(req.headers);
    const parts = extractSignedParts(headers, req.rawQuery);
    const signedHeaders = signedHeaderList(parts.signedHeaders);
    if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) throw Errors.sigHostNotSigned();
    const time = requestTime(parts);
    checkSkew(time.ms, time.amzDate, opts.clock.now(), skewMs);
    const scope = parseScope(parts.credential, time.amzDate, opts.services);
    const identity: SigV4Identity = {
      accessKeyId: scope.accessKeyId,
      region: scope.region,
      service: scope.service,
      ...(parts.sessionToken !== undefined && { sessionToken: parts.sessionToken }),
      presigned: parts.presigned,
    };

    const secret = opts.acceptAnySignature ? undefined : await opts.lookup(scope.accessKeyId);
    if (!opts.acceptAnySignature && secret === undefined) throw Errors.sigUnknownKey();

    // The payload hash is always computed from the body we actually received; a declared
    // x-amz-content-sha256 (including UNSIGNED-PAYLOAD) must agree with it.
    const payloadHash = sha256Hex(req.body);
    const declared = headerValue(headers, 'x-amz-content-sha256');
    const creq = canonicalRequest({
      method: req.method,
      rawPath: req.rawPath,
      rawQuery: req.rawQuery,
      headers,
      signedHeaders,
      payloadHash,
      ...(parts.presigned && { omitQueryParam: 'X-Amz-Signature' }),
    });
    const sts = stringToSign(time.amzDate, credentialScope(scope.date8, scope.region, scope.service), creq);
    if (declared !== undefined && declared.trim() !== payloadHash) throw Errors.sigMismatch(creq, sts);
    if (secret === undefined) return identity; // dev mode: shape checked, signature not compared

    const key = cache.get(secret, scope.date8, scope.region, scope.service);
    if (!signaturesEqual(signatureHex(key, sts), parts.signature)) throw Errors.sigMismatch(creq, sts);
    return identity;
  };
}
