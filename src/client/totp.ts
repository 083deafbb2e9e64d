import { createHmac } from 'node:crypto';

/**
 * RFC 6238 time-based one-time passwords (HOTP of RFC 4226 over 30-second steps), from a base32
 * seed or an otpauth:// URI as authenticator apps export them.
 */
export type TotpAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';
export type TotpOptions = { digits?: number; period?: number; algorithm?: TotpAlgorithm; now?: number };
export type TotpSeed = { key: Buffer; digits?: number; period?: number; algorithm?: TotpAlgorithm };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (clean.length === 0) throw new Error('the TOTP seed is empty');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error('the TOTP seed is not valid base32');
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Reads a seed from plain base32 or from `otpauth://totp/...?secret=...&digits=&period=&algorithm=`. */
export function parseTotpSeed(text: string): TotpSeed {
  const t = text.trim();
  if (!t.toLowerCase().startsWith('otpauth://')) return { key: base32Decode(t) };
  const url = new URL(t);
  if (url.host.toLowerCase() !== 'totp') throw new Error('only otpauth://totp/ URIs are supported');
  const secret = url.searchParams.get('secret');
  if (!secret) throw new Error('the otpauth URI has no secret parameter');
  const seed: TotpSeed = { key: base32Decode(secret) };
  const digits = url.searchParams.get('digits');
  const period = url.searchParams.get('period');
  const algorithm = url.searchParams.get('algorithm');
  if (digits) seed.digits = Number(digits);
  if (period) seed.period = Number(period);
  if (algorithm) seed.algorithm = algorithm.toUpperCase() as TotpAlgorithm;
  return seed;
}

export function hotp(key: Uint8Array, counter: number, digits: number, algorithm: TotpAlgorithm): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm.toLowerCase(), key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** The code for `now` (default: the current time). Explicit options win over the URI's. */
export function totp(seed: TotpSeed | string, o: TotpOptions = {}): string {
  const s = typeof seed === 'string' ? parseTotpSeed(seed) : seed;
  const digits = o.digits ?? s.digits ?? 6;
  const period = o.period ?? s.period ?? 30;
  const algorithm = o.algorithm ?? s.algorithm ?? 'SHA1';
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new Error('digits must be an integer from 6 to 10');
  if (!Number.isInteger(period) || period < 1) throw new Error('period must be a positive integer of seconds');
  if (!['SHA1', 'SHA256', 'SHA512'].includes(algorithm)) throw new Error('algorithm must be SHA1, SHA256 or SHA512');
  const counter = Math.floor((o.now ?? Date.now()) / 1000 / period);
  return hotp(s.key, counter, digits, algorithm);
}
