import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../src/lib/ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7 (audit event ids)', () => {
  it('is an RFC 9562 version 7 UUID whose first 48 bits are the Unix milliseconds', () => {
    const now = Date.UTC(2026, 10, 22, 21, 0, 0, 123);
    const id = uuidV7(now);
    expect(id).toMatch(UUID_V7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
  });

  it('sorts by time across milliseconds and is unique within one', () => {
    const t = 1_790_000_000_000;
    const ids = [uuidV7(t + 2), uuidV7(t), uuidV7(t + 1)];
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
    const same = new Set(Array.from({ length: 1000 }, () => uuidV7(t)));
    expect(same.size).toBe(1000);
  });
});
