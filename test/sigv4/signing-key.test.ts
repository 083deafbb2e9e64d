import { describe, expect, it } from 'vitest';
import { deriveSigningKey, SigningKeyCache } from '../../src/sigv4/signing-key.js';
import { SECRET } from './helpers.js';

describe('SigningKeyCache', () => {
  it('returns the same key (same buffer) for the same secret, date, region and service', () => {
    const cache = new SigningKeyCache(4);
    const a = cache.get(SECRET, '20150830', 'us-east-1', 'iam');
    const b = cache.get(SECRET, '20150830', 'us-east-1', 'iam');
    expect(b).toBe(a);
    expect(a.equals(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'iam'))).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('keys differ when any part of the scope or the secret differs', () => {
    const cache = new SigningKeyCache(8);
    const keys = [
      cache.get(SECRET, '20150830', 'us-east-1', 'iam'),
      cache.get(SECRET, '20150831', 'us-east-1', 'iam'),
      cache.get(SECRET, '20150830', 'eu-west-1', 'iam'),
      cache.get(SECRET, '20150830', 'us-east-1', 'sts'),
      cache.get(`${SECRET}x`, '20150830', 'us-east-1', 'iam'),
    ].map((k) => k.toString('hex'));
    expect(new Set(keys).size).toBe(5);
  });

  it('stays bounded and evicts the least recently used entry', () => {
    const cache = new SigningKeyCache(3);
    const first = cache.get('s0', '20150830', 'us-east-1', 'iam');
    for (let i = 1; i < 50; i++) {
      cache.get('s0', '20150830', 'us-east-1', 'iam'); // keep s0 hot
      cache.get(`s${i}`, '20150830', 'us-east-1', 'iam');
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect(cache.get('s0', '20150830', 'us-east-1', 'iam')).toBe(first);
    const cold = cache.get('s1', '20150830', 'us-east-1', 'iam'); // long evicted: derived again
    expect(cold.equals(deriveSigningKey('s1', '20150830', 'us-east-1', 'iam'))).toBe(true);
    expect(cache.size).toBe(3);
  });

  it('rejects a non-positive size', () => {
    expect(() => new SigningKeyCache(0)).toThrow(RangeError);
  });
});
