import { describe, expect, it } from 'vitest';
import { base32Decode, parseTotpSeed, totp } from '../../src/client/totp.js';

// RFC 6238 Appendix B: seeds are the ASCII digits repeated to the hash's block size.
const SEEDS = {
  SHA1: Buffer.from('12345678901234567890'),
  SHA256: Buffer.from('12345678901234567890123456789012'),
  SHA512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
} as const;

const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('RFC 6238 test vectors', () => {
  for (const [t, sha1, sha256, sha512] of VECTORS) {
    it(`T=${t}`, () => {
      expect(totp({ key: SEEDS.SHA1 }, { now: t * 1000, digits: 8, algorithm: 'SHA1' })).toBe(sha1);
      expect(totp({ key: SEEDS.SHA256 }, { now: t * 1000, digits: 8, algorithm: 'SHA256' })).toBe(sha256);
      expect(totp({ key: SEEDS.SHA512 }, { now: t * 1000, digits: 8, algorithm: 'SHA512' })).toBe(sha512);
    });
  }
});

describe('seeds', () => {
  it('decodes base32 with spaces, lower case and padding', () => {
    // "GEZDGNBVGY3TQOJQ" is base32 of "1234567890".
    expect(base32Decode('gezd gnbv gy3t qojq').toString()).toBe('1234567890');
    expect(base32Decode('GEZDGNBVGY3TQOJQ====').toString()).toBe('1234567890');
  });

  it('refuses a seed that is not base32', () => {
    expect(() => base32Decode('not base32!')).toThrow('not valid base32');
  });

  it('reads otpauth URIs with digits, period and algorithm', () => {
    const seed = parseTotpSeed(
      'otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8&period=30&algorithm=SHA1',
    );
    expect(seed.digits).toBe(8);
    expect(totp(seed, { now: 59_000 })).toBe('94287082');
  });

  it('gives 6 digits by default and the same code within one 30-second step', () => {
    const seed = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totp(seed, { now: 60_000 })).toMatch(/^\d{6}$/);
    expect(totp(seed, { now: 60_000 })).toBe(totp(seed, { now: 89_999 }));
    expect(totp(seed, { now: 60_000 })).not.toBe(totp(seed, { now: 90_000 }));
  });
});
