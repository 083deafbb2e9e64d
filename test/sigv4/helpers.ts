import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { createSigV4Verifier, type IncomingSigned, type VerifierOptions } from '../../src/auth/verify-sigv4.js';
import { ServiceError } from '../../src/domain/errors.js';
import { manualClock } from '../../src/lib/clock.js';
import { uriEscape } from '../../src/sigv4/encode.js';

/** The AWS test-suite credentials. */
export const AKID = 'AKIDEXAMPLE';
export const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
export const SUITE_TIME = Date.UTC(2015, 7, 30, 12, 36, 0);

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBytes = (d: SourceData): Uint8Array =>
  typeof d === 'string'
    ? Buffer.from(d, 'utf8')
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

/**
 * The smithy `Sha256` constructor interface (HMAC when given a secret), on node:crypto; neither
 * @aws-crypto/sha256-js nor @smithy/hash-node is installed.
 */
export class NodeSha256 {
  readonly #secret: SourceData | undefined;
  #h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#secret = secret;
    this.#h = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(this.#secret));
  }
  update(data: SourceData): void {
    this.#h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
  reset(): void {
    this.#h = this.#fresh();
  }
}

export function smithySigner(region: string, service: string, sessionToken?: string): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: AKID, secretAccessKey: SECRET, ...(sessionToken && { sessionToken }) },
    region,
    service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
}

export type SmithyQuery = Record<string, string | string[]>;

/** The wire query the SDK's node handler builds: keys/values escaped, arrays repeated. */
export function wireQuery(query: SmithyQuery): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    for (const value of Array.isArray(v) ? v : [v]) parts.push(`${uriEscape(k)}=${uriEscape(value)}`);
  }
  return parts.join('&');
}

/** Lowercase, defined-only copy of a header record. */
export function lowerHeaders(h: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = v;
  return out;
}

export function incoming(p: Partial<IncomingSigned> & { headers: IncomingSigned['headers'] }): IncomingSigned {
  return { method: 'POST', rawPath: '/', rawQuery: '', body: new Uint8Array(), ...p };
}

export function verifierAt(
  ms: number,
  extra: Partial<VerifierOptions> = {},
  keys: Record<string, string> = { [AKID]: SECRET },
) {
  const clock = manualClock(ms);
  const verify = createSigV4Verifier({
    clock,
    lookup: async (id) => keys[id],
    services: ['service'],
    ...extra,
  });
  return { clock, verify };
}

/** Resolves to the ServiceError a promise rejects with (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a ServiceError, but the promise resolved');
}

/** Deterministic PRNG (mulberry32) so a failing property case can be replayed from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const str = (pool: string, min: number, max: number): string => {
    const chars = [...pool];
    let s = '';
    for (let i = min + int(max - min + 1); i > 0; i--) s += pick(chars);
    return s;
  };
  return { next, int, pick, str };
}
