/**
 * Property test against the AWS SDK's own signer: 300 random requests signed with
 * @smithy/signature-v4 must verify with ours, and one mutation each must be rejected with the
 * right error. Seeds are fixed, so a failure names a reproducible case.
 */
import { describe, expect, it } from 'vitest';
import { createSigV4Verifier, type IncomingSigned } from '../../src/auth/verify-sigv4.js';
import { manualClock } from '../../src/lib/clock.js';
import { sha256Hex, toAmzDate } from '../../src/sigv4/canonical.js';
import { AKID, lowerHeaders, rejection, rng, SECRET, type SmithyQuery, smithySigner, wireQuery } from './helpers.js';

type Rng = ReturnType<typeof rng>;

const SEG_POOL = "abcXYZ019-._~ !$&'()*+,;=:@%/?#éሴ";
const QUERY_POOL = 'abcXYZ019-._~ &=+?/;,#%:@!*()[]{}"\\|éሴ';
const VALUE_POOL = 'abc XYZ\t019  ;,=/"\'';
const REGIONS = ['us-east-1', 'eu-west-3', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'il-central-1'];

/** Percent-encodes only what a path segment can't carry raw (pchar keeps sub-delims, ':' and '@'). */
const lightEncode = (s: string): string =>
  [...s].map((c) => (/[A-Za-z0-9\-._~!$&'()*+,;=:@]/.test(c) ? c : encodeURIComponent(c))).join('');

function randomPath(r: Rng): string {
  const segments: string[] = [];
  for (let i = 1 + r.int(4); i > 0; i--) {
    const kind = r.int(10);
    if (kind === 0) segments.push(r.pick(['.', '..', '']));
    else {
      const raw = r.str(SEG_POOL, 1, 8);
      segments.push(kind < 5 ? encodeURIComponent(raw) : lightEncode(raw));
    }
  }
  return `/${segments.join('/')}${r.int(3) === 0 ? '/' : ''}`;
}

function randomQuery(r: Rng): SmithyQuery {
  const query: SmithyQuery = {};
  for (let i = r.int(5); i > 0; i--) {
    const name = `k${r.str(QUERY_POOL, 0, 6)}`;
    query[name] = r.int(3) === 0 ? [r.str(QUERY_POOL, 0, 6), r.str(QUERY_POOL, 0, 6)] : r.str(QUERY_POOL, 0, 8);
  }
  return query;
}

/**
 * The same query spelled the way different clients spell it: SigV4-strict, encodeURIComponent
 * (leaves !'()* raw), lowercase hex, or over-encoded unreserved characters. All must canonicalise
 * to what the SDK signed.
 */
function spellQuery(r: Rng, query: SmithyQuery): string {
  const variant = r.int(4);
  if (variant === 0) return wireQuery(query);
  const enc = (s: string): string => {
    if (variant === 1) return encodeURIComponent(s);
    if (variant === 2) return encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
  };
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query))
    for (const x of Array.isArray(v) ? v : [v]) parts.push(`${enc(k)}=${enc(x)}`);
  return parts.join('&');
}

function randomRegion(r: Rng): string {
  if (r.int(2) === 0) return r.pick(REGIONS);
  return `${r.str('abcdefghijklmnopqrstuvwxyz', 2, 2)}-${r.str('abcdefghijklmnopqrstuvwxyz', 3, 9)}-${1 + r.int(9)}`;
}

/** A time at least a second before midnight, so "+1 s" never changes the scope date. */
const randomTime = (r: Rng): number =>
  Date.UTC(2020 + r.int(10), r.int(12), 1 + r.int(28), r.int(24), r.int(60), r.int(59));

function randomHeaders(r: Rng, body: Uint8Array): Record<string, string> {
  const h: Record<string, string> = {
    host: r.pick(['secretsmanager.us-east-1.amazonaws.com', 'localhost:8443', 'strongroom.internal']),
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': r.pick(['secretsmanager.GetSecretValue', 'secretsmanager.CreateSecret']),
  };
  for (let i = r.int(4); i > 0; i--) h[`X-Custom-${i}`] = r.str(VALUE_POOL, 0, 12);
  if (r.int(5) === 0) h['x-amz-content-sha256'] = sha256Hex(body);
  return h;
}

type Case = { req: IncomingSigned; now: number; region: string; token?: string; signedAt: number };

async function buildCase(seed: number): Promise<Case> {
  const r = rng(seed);
  const region = randomRegion(r);
  const signedAt = randomTime(r);
  const body = Buffer.from(Array.from({ length: r.int(64) }, () => r.int(256)));
  const path = randomPath(r);
  const query = randomQuery(r);
  const method = r.pick(['POST', 'GET', 'PUT']);
  const token = r.int(3) === 0 ? `token-${seed}/+=` : undefined;
  const signed = await smithySigner(region, 'secretsmanager', token).sign(
    { method, protocol: 'https:', hostname: 'ignored', path, query, headers: randomHeaders(r, body), body },
    { signingDate: new Date(signedAt) },
  );
  const req: IncomingSigned = {
    method,
    rawPath: path,
    rawQuery: spellQuery(r, query),
    headers: lowerHeaders(signed.headers),
    body,
  };
  // The server's clock is up to 4 minutes off in either direction: inside the 5-minute window.
  const now = signedAt + (r.int(480_001) - 240_000);
  return { req, now, region, signedAt, ...(token && { token }) };
}

const verifierFor = (now: number) =>
  createSigV4Verifier({
    clock: manualClock(now),
    lookup: async (id) => (id === AKID ? SECRET : undefined),
    services: ['secretsmanager', 'iam', 'sts'],
  });

type Mutation = 'body' | 'header' | 'date' | 'stale-date' | 'signature';
const MUTATIONS: Mutation[] = ['body', 'header', 'date', 'stale-date', 'signature'];

function mutate(req: IncomingSigned, m: Mutation, signedAt: number): IncomingSigned {
  const headers = { ...req.headers };
  switch (m) {
    case 'body': {
      const body = Buffer.from(req.body.length ? req.body : [0]);
      body[0] = (body[0]! + 1) % 256;
      return { ...req, body };
    }
    case 'header':
      headers['x-amz-target'] = `${headers['x-amz-target']}x`;
      return { ...req, headers };
    case 'date':
      headers['x-amz-date'] = toAmzDate(signedAt + 1000);
      return { ...req, headers };
    case 'stale-date':
      headers['x-amz-date'] = toAmzDate(signedAt - 10 * 60_000);
      return { ...req, headers };
    case 'signature': {
      const auth = String(headers.authorization);
      const last = auth.at(-1) === '0' ? '1' : '0';
      headers.authorization = auth.slice(0, -1) + last;
      return { ...req, headers };
    }
  }
}

const MISMATCH = /^The request signature we calculated does not match the signature you provided\./;

describe('property: requests signed by @smithy/signature-v4 verify with ours', () => {
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

  it('300 random requests verify, and each mutation is rejected with the right error', async () => {
    for (const seed of seeds) {
      const c = await buildCase(seed);
      const verify = verifierFor(c.now);
      const identity = await verify(c.req).catch((e: Error) => {
        throw new Error(`seed ${seed}: ${e.message}`);
      });
      expect(identity, `seed ${seed}`).toEqual({
        accessKeyId: AKID,
        region: c.region,
        service: 'secretsmanager',
        presigned: false,
        ...(c.token && { sessionToken: c.token }),
      });

      const m = MUTATIONS[seed % MUTATIONS.length]!;
      const e = await rejection(verify(mutate(c.req, m, c.signedAt)));
      expect(e.code, `seed ${seed} ${m}`).toBe('InvalidSignatureException');
      expect(e.status).toBe(400);
      if (m === 'stale-date') expect(e.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than /);
      else expect(e.message, `seed ${seed} ${m}`).toMatch(MISMATCH);
    }
  });
});
