import {
  ALGORITHM,
  canonicalRequest,
  credentialScope,
  type HeaderBag,
  sha256Hex,
  stringToSign,
  toAmzDate,
} from './canonical.js';
import { uriEscape } from './encode.js';
import { defaultSigningKeyCache, type SigningKeyCache, signatureHex } from './signing-key.js';

export type SignRequestInput = {
  method: string;
  url: string | URL;
  /** Headers the request will carry; all of them are signed except hop-by-hop ones. */
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
  now: number | Date;
  /** Also send (and sign) x-amz-content-sha256. Off by default: the JSON API does not need it. */
  contentSha256Header?: boolean;
  cache?: SigningKeyCache;
};

/** Headers the caller must add to the request (names lowercase). */
export type AddedHeaders = {
  authorization: string;
  'x-amz-date': string;
  'x-amz-security-token'?: string;
  'x-amz-content-sha256'?: string;
};

export type PresignInput = Omit<SignRequestInput, 'contentSha256Header'> & {
  /** Seconds; 1..604800 like AWS. The server still enforces its own 5-minute skew window. */
  expiresIn?: number;
};

/**
 * Never signed, as in the AWS SDKs: proxies and user agents rewrite these in flight, and the
 * ones we generate ourselves (authorization, x-amz-date) are set after signing.
 */
const UNSIGNABLE = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
  'x-amz-date',
]);
const signable = (name: string): boolean => !UNSIGNABLE.has(name) && !/^(proxy|sec)-/.test(name);

const toMs = (now: number | Date): number => (typeof now === 'number' ? now : now.getTime());

/** Lowercased copy of the caller's signable headers, with host defaulted from the URL. */
function collectHeaders(url: URL, headers: Readonly<Record<string, string>> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (signable(lower)) out[lower] = [...(out[lower] ?? []), value];
  }
  // URL.host omits default ports, exactly like the Host header HTTP clients send.
  out.host ??= [url.host];
  return out;
}

type Prepared = { url: URL; bag: Record<string, string[]>; amzDate: string; scope: string; payloadHash: string };

function prepare(input: SignRequestInput | PresignInput): Prepared {
  const url = new URL(String(input.url));
  const amzDate = toAmzDate(toMs(input.now));
  return {
    url,
    bag: collectHeaders(url, input.headers),
    amzDate,
    scope: credentialScope(amzDate.slice(0, 8), input.region, input.service),
    payloadHash: sha256Hex(input.body ?? ''),
  };
}

function sign(input: SignRequestInput | PresignInput, p: Prepared, rawQuery: string, bag: HeaderBag): string {
  const signedHeaders = Object.keys(bag).sort();
  const creq = canonicalRequest({
    method: input.method,
    rawPath: p.url.pathname,
    rawQuery,
    headers: bag,
    signedHeaders,
    payloadHash: p.payloadHash,
  });
  const key = (input.cache ?? defaultSigningKeyCache).get(
    input.secretAccessKey,
    p.amzDate.slice(0, 8),
    input.region,
    input.service,
  );
  return signatureHex(key, stringToSign(p.amzDate, p.scope, creq));
}

/**
 * Signs a request in the Authorization-header form and returns the headers to add. The
 * request must then be sent to exactly `url.pathname + url.search` with the given headers.
 */
export function signRequest(input: SignRequestInput): AddedHeaders {
  const p = prepare(input);
  const added: Record<string, string> = { 'x-amz-date': p.amzDate };
  if (input.sessionToken !== undefined) added['x-amz-security-token'] = input.sessionToken;
  if (input.contentSha256Header) added['x-amz-content-sha256'] = p.payloadHash;
  const bag: Record<string, string[]> = { ...p.bag };
  for (const [name, value] of Object.entries(added)) bag[name] = [value];
  const signature = sign(input, p, p.url.search.slice(1), bag);
  const signedHeaders = Object.keys(bag).sort().join(';');
  added.authorization = `${ALGORITHM} Credential=${input.accessKeyId}/${p.scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return added as AddedHeaders;
}

const MAX_EXPIRES = 604_800;

/** Builds a presigned URL (query-string form). The body, if any, is still hashed and signed. */
export function presignUrl(input: PresignInput): string {
  const expiresIn = input.expiresIn ?? 300;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES) {
    throw new RangeError(`expiresIn must be an integer between 1 and ${MAX_EXPIRES} seconds`);
  }
  const p = prepare(input);
  const params: [string, string][] = [
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${input.accessKeyId}/${p.scope}`],
    ['X-Amz-Date', p.amzDate],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', Object.keys(p.bag).sort().join(';')],
  ];
  if (input.sessionToken !== undefined) params.push(['X-Amz-Security-Token', input.sessionToken]);
  const existing = p.url.search.slice(1);
  const added = params.map(([n, v]) => `${uriEscape(n)}=${uriEscape(v)}`).join('&');
  const rawQuery = existing ? `${existing}&${added}` : added;
  const signature = sign(input, p, rawQuery, p.bag);
  return `${p.url.origin}${p.url.pathname}?${rawQuery}&X-Amz-Signature=${signature}`;
}
