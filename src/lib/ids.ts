import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Identifier sources are injected so tests can pin them. */
export type Ids = {
  uuid(): string;
  /** The 6 random characters AWS appends to a secret's name in its ARN. */
  arnSuffix(): string;
  requestId(): string;
};

const SUFFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export const randomIds: Ids = {
  uuid: () => randomUUID(),
  arnSuffix: () => {
    let s = '';
    for (let i = 0; i < 6; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
    return s;
  },
  requestId: () => randomUUID(),
};

/** Random bytes as lowercase hex, for tokens and key ids. */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. It is still a
 * UUID wherever one is expected, but ids made close in time sort close together, so a unique
 * index on them grows at its end instead of touching a random page per insert (the audit trail
 * inserts thousands per second).
 */
export function uuidV7(now: number = Date.now()): string {
  const b = randomBytes(16);
  const ms = BigInt(Math.max(0, Math.floor(now)));
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
