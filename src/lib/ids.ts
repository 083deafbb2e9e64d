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
