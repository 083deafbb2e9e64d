/**
 * Pulls the SigV4 fields out of a request, in either the Authorization-header form or the
 * presigned query form, and rejects incomplete ones with AWS's exact wording. Checks run in the
 * order AWS runs them, because clients (and our tests) see only the first failure.
 */
import { Errors } from '../domain/errors.js';
import { ALGORITHM, type HeaderBag } from '../sigv4/canonical.js';
import { decodeComponent, splitRawQuery } from '../sigv4/encode.js';

export type SignedParts = {
  presigned: boolean;
  credential: string;
  /** Raw SignedHeaders value ("host;x-amz-date"); may be empty, which fails the host check. */
  signedHeaders: string;
  signature: string;
  /** The request date exactly as sent (X-Amz-Date, or the Date header as a fallback). */
  date: string;
  /** True when `date` came from the Date header, which may be in HTTP (RFC 7231) format. */
  dateFromHttpHeader: boolean;
  sessionToken?: string;
};

/** First value of a header; node gives arrays only for repeated headers. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' ? v : v?.[0];
}

const QUERY_REQUIRED = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date'];
const HEADER_REQUIRED = ['Credential', 'Signature', 'SignedHeaders'] as const;

/** Decoded X-Amz-* query parameters (first occurrence wins). */
function queryParams(rawQuery: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of splitRawQuery(rawQuery)) {
    const key = decodeComponent(name);
    if (key.startsWith('X-Amz-') && !out.has(key)) out.set(key, decodeComponent(value));
  }
  return out;
}

export function extractSignedParts(headers: HeaderBag, rawQuery: string): SignedParts {
  const authorization = headerValue(headers, 'authorization');
  const hasHeader = authorization !== undefined && authorization.trim() !== '';
  const query = queryParams(rawQuery);
  const hasQuery = query.has('X-Amz-Algorithm');
  if (hasHeader && hasQuery) throw Errors.sigBothForms();
  if (hasHeader) return fromHeader(authorization, headers);
  if (hasQuery) return fromQuery(query);
  throw Errors.sigMissingToken();
}

/**
 * "AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..". AWS splits the parameter
 * list on commas and whitespace, which is why "Credential= AKID/.." is reported as a bad pair.
 */
function parseAuthorizationParams(authorization: string): Map<string, string> {
  const trimmed = authorization.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const params = new Map<string, string>();
  if (algorithm !== ALGORITHM) {
    if (algorithm.startsWith('AWS4-')) throw Errors.sigUnsupportedAlgorithm(algorithm);
    // Another scheme altogether (AWS v2, Bearer, ...): AWS reports every parameter as missing.
    return params;
  }
  const rest = space < 0 ? '' : trimmed.slice(space);
  for (const pair of rest.split(/[\s,]+/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) throw Errors.sigMalformedPair(pair, authorization);
    const name = pair.slice(0, eq);
    if (!params.has(name)) params.set(name, pair.slice(eq + 1));
  }
  return params;
}

function fromHeader(authorization: string, headers: HeaderBag): SignedParts {
  const params = parseAuthorizationParams(authorization);
  // SignedHeaders may legitimately be empty at this stage; the host check rejects it later.
  const missing = HEADER_REQUIRED.filter((p) => (p === 'SignedHeaders' ? !params.has(p) : !params.get(p)));
  const amzDate = headerValue(headers, 'x-amz-date');
  const httpDate = headerValue(headers, 'date');
  const date = amzDate || httpDate;
  if (missing.length > 0 || !date) throw Errors.sigHeaderIncomplete(missing, !date, authorization);
  const token = headerValue(headers, 'x-amz-security-token');
  return {
    presigned: false,
    credential: params.get('Credential')!,
    signedHeaders: params.get('SignedHeaders')!,
    signature: params.get('Signature')!,
    date,
    dateFromHttpHeader: !amzDate,
    ...(token !== undefined && { sessionToken: token }),
  };
}

function fromQuery(query: Map<string, string>): SignedParts {
  const missing = QUERY_REQUIRED.filter((p) => !query.get(p));
  if (missing.length > 0) throw Errors.sigQueryIncomplete(missing);
  const algorithm = query.get('X-Amz-Algorithm')!;
  if (algorithm !== ALGORITHM) throw Errors.sigUnsupportedAlgorithm(algorithm);
  const token = query.get('X-Amz-Security-Token');
  return {
    presigned: true,
    credential: query.get('X-Amz-Credential')!,
    signedHeaders: query.get('X-Amz-SignedHeaders')!,
    signature: query.get('X-Amz-Signature')!,
    date: query.get('X-Amz-Date')!,
    dateFromHttpHeader: false,
    ...(token !== undefined && { sessionToken: token }),
  };
}
