import { createHmac } from 'node:crypto';
import { TERMINATOR } from './canonical.js';

const hmac = (key: string | Uint8Array, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secretAccessKey: string, date8: string, region: string, service: string): Buffer {
  const kDate = hmac(`AWS4${secretAccessKey}`, date8);
  const kRegion = hmac(kDate, region);
  const kService = hmac(kRegion, service);
  return hmac(kService, TERMINATOR);
}

/** Hex HMAC of the string to sign with the derived key: the SigV4 signature. */
export const signatureHex = (signingKey: Uint8Array, stringToSign: string): string =>
  createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');

/**
 * Bounded LRU of derived signing keys. The server verifies thousands of requests per second
 * with the same key and a key only changes per day/region/service, so four HMACs per request
 * collapse into one map lookup. Bounded so a flood of distinct (valid) credentials cannot grow
 * memory. Returned buffers are shared: callers must treat them as read-only.
 */
export class SigningKeyCache {
  readonly #max: number;
  readonly #map = new Map<string, Buffer>();

  constructor(max = 256) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('SigningKeyCache size must be a positive integer');
    this.#max = max;
  }

  get size(): number {
    return this.#map.size;
  }

  get(secretAccessKey: string, date8: string, region: string, service: string): Buffer {
    // NUL cannot appear in a secret key, a date, a region or a service name, so keys can't collide.
    const id = `${secretAccessKey}\0${date8}\0${region}\0${service}`;
    const hit = this.#map.get(id);
    if (hit) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.#map.delete(id);
      this.#map.set(id, hit);
      return hit;
    }
    const key = deriveSigningKey(secretAccessKey, date8, region, service);
    this.#map.set(id, key);
    if (this.#map.size > this.#max) this.#map.delete(this.#map.keys().next().value as string);
    return key;
  }

  clear(): void {
    this.#map.clear();
  }
}

/** Process-wide cache shared by the signer and the verifier unless one is injected. */
export const defaultSigningKeyCache = new SigningKeyCache();
