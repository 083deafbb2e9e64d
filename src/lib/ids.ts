import { randomBytes, randomInt, randomUUID } from 'node:crypto';

/** Identifier sources are injected so tests can pin them. */
export type Ids = {
  uuid(): string;
  /** The 6 random characters AWS appends to a secret's name in its ARN. */
  arnSuffix(): string;
  requestId(): string;
  /** An audit record's eventID, made at `now` (epoch ms): a time-ordered UUIDv7 in production. */
  eventId(now: number): string;
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
  // uuidV7 (below): time-ordered ids keep the audit trail's unique index growing at its end.
  eventId: uuidV7,
};

/** Random bytes as lowercase hex, for tokens and key ids. */
export const randomHex = (bytes: number): string => randomBytes(bytes).toString('hex');

// Random bytes for uuidV7, drawn 4 KiB at a time: one randomBytes call per id was the largest
// single cost of an audit record (node's own randomUUID pools its entropy the same way).
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let poolAt = POOL_IDS;

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. It is still a
 * UUID wherever one is expected, but ids made close in time sort close together, so a unique
 * index on them grows at its end instead of touching a random page per insert (the audit trail
 * inserts thousands per second).
 */
export function uuidV7(now: number = Date.now()): string {
  if (poolAt === POOL_IDS) {
    pool = randomBytes(16 * POOL_IDS);
    poolAt = 0;
  }
  const b = pool.subarray(16 * poolAt, 16 * ++poolAt);
  let ms = Math.max(0, Math.floor(now));
  for (let i = 5; i >= 0; i--) {
    b[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  b[6] = 0x70 | (b[6]! & 0x0f);
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
