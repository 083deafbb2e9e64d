import { randomBytes } from 'node:crypto';
import { gcmOpen, gcmSeal } from './aes-gcm.js';
import type { AccountKey, Keyring } from './keyring.js';

/**
 * Envelope encryption of one secret version, as Secrets Manager does with KMS:
 * a fresh 256-bit data key seals the value with AES-256-GCM; a KMS key wraps the data key.
 * Both seals bind the encryption context {SecretARN, SecretVersionId} as AAD, so a sealed
 * value copied to another secret or version fails to open.
 *
 * Format v1, one wrapped data key (all integers big-endian):
 *   0x01 | keyIdLen u8 | keyId (ascii) | wrappedLen u16 | wrappedDek | sealedValue
 * Format v2, several wrapped copies of the same data key (after a secret's key changed, the
 * labelled versions open with the old key or the new one):
 *   0x02 | count u8 | count × (keyIdLen u8 | keyId | wrappedLen u16 | wrappedDek) | sealedValue
 * New values are written as v1; v2 only arises from `addWrap`. Both stay readable forever.
 */
const FORMAT_V1 = 0x01;
const FORMAT_V2 = 0x02;
const MAX_WRAPS = 255;

export type EncryptionContext = { SecretARN: string; SecretVersionId: string };

/** One wrapped copy of the data key, with the id of the key that wrapped it. */
export type Wrap = { keyId: string; wrapped: Buffer };

export type ParsedEnvelope = {
  /** The first wrap's key id and wrapped key (the only ones in v1). */
  keyId: string;
  wrapped: Buffer;
  wraps: Wrap[];
  value: Buffer;
};

const aad = (purpose: string, ctx: EncryptionContext) =>
  Buffer.from(`strongroom:${purpose}:v1\n${ctx.SecretARN}\n${ctx.SecretVersionId}`);

function wrapBytes(w: Wrap): Buffer {
  const id = Buffer.from(w.keyId, 'ascii');
  if (id.length > 255) throw new Error('key id too long for the envelope');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(w.wrapped.length);
  return Buffer.concat([Buffer.from([id.length]), id, len, w.wrapped]);
}

export function seal(key: AccountKey, plaintext: Uint8Array, ctx: EncryptionContext): Uint8Array {
  const dek = randomBytes(32);
  try {
    const value = gcmSeal(dek, plaintext, aad('value', ctx));
    const wrapped = gcmSeal(key.material, dek, aad('dek', ctx));
    return Buffer.concat([Buffer.from([FORMAT_V1]), wrapBytes({ keyId: key.keyId, wrapped }), value]);
  } finally {
    dek.fill(0);
  }
}

/** Reads one wrap at `at`; returns it and the offset after it. */
function readWrap(b: Buffer, at: number): [Wrap, number] {
  const idLen = b[at];
  if (idLen === undefined || at + 3 + idLen > b.length) throw new Error('truncated envelope');
  const keyId = b.subarray(at + 1, at + 1 + idLen).toString('ascii');
  const wrappedLen = b.readUInt16BE(at + 1 + idLen);
  const start = at + 3 + idLen;
  if (start + wrappedLen > b.length) throw new Error('truncated envelope');
  return [{ keyId, wrapped: b.subarray(start, start + wrappedLen) }, start + wrappedLen];
}

export function parseEnvelope(sealed: Uint8Array): ParsedEnvelope {
  const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  let count: number;
  let at: number;
  if (b[0] === FORMAT_V1) {
    count = 1;
    at = 1;
  } else if (b[0] === FORMAT_V2) {
    count = b[1] ?? 0;
    at = 2;
  } else {
    throw new Error('unknown envelope format');
  }
  if (count < 1) throw new Error('envelope without a wrapped key');
  const wraps: Wrap[] = [];
  for (let i = 0; i < count; i++) {
    const [w, next] = readWrap(b, at);
    wraps.push(w);
    at = next;
  }
  const first = wraps[0]!;
  return { keyId: first.keyId, wrapped: first.wrapped, wraps, value: b.subarray(at) };
}

/** The ids of the keys that can open a sealed value, in envelope order. */
export const keyIdsOf = (sealed: Uint8Array): string[] => parseEnvelope(sealed).wraps.map((w) => w.keyId);

/**
 * Opens with one wrap: `key` must be the key named by `wrap`. Throws if the key, the context or
 * any byte is wrong. The caller owns the returned buffer and should zero it when done.
 */
export function openWith(key: AccountKey, env: ParsedEnvelope, wrap: Wrap, ctx: EncryptionContext): Buffer {
  if (wrap.keyId !== key.keyId) throw new Error('the key does not match the wrap');
  const dek = gcmOpen(key.material, wrap.wrapped, aad('dek', ctx));
  try {
    return gcmOpen(dek, env.value, aad('value', ctx));
  } finally {
    dek.fill(0);
  }
}

/**
 * Adds a copy of the data key wrapped by `to`, keeping every existing wrap (format v2). `from`
 * must open one of the existing wraps. Adding a key already present returns the input as is.
 */
export function addWrap(sealed: Uint8Array, from: AccountKey, to: AccountKey, ctx: EncryptionContext): Uint8Array {
  const env = parseEnvelope(sealed);
  if (env.wraps.some((w) => w.keyId === to.keyId)) return sealed;
  if (env.wraps.length >= MAX_WRAPS) throw new Error('too many wrapped keys in one envelope');
  const wrap = env.wraps.find((w) => w.keyId === from.keyId);
  if (!wrap) throw new Error('the opening key has no wrap in this envelope');
  const dek = gcmOpen(from.material, wrap.wrapped, aad('dek', ctx));
  try {
    const added: Wrap = { keyId: to.keyId, wrapped: gcmSeal(to.material, dek, aad('dek', ctx)) };
    const wraps = [...env.wraps, added];
    return Buffer.concat([Buffer.from([FORMAT_V2, wraps.length]), ...wraps.map(wrapBytes), env.value]);
  } finally {
    dek.fill(0);
  }
}

/**
 * Opens a sealed version with the first wrap whose key the keyring has (key state is the
 * caller's concern: app/secrets/value.ts skips disabled keys). The caller zeroes the result.
 */
export async function open(keyring: Keyring, sealed: Uint8Array, ctx: EncryptionContext): Promise<Buffer> {
  const env = parseEnvelope(sealed);
  let last: unknown;
  for (const wrap of env.wraps) {
    const key = await keyring.byId(wrap.keyId);
    if (!key) {
      last = new Error(`account key ${wrap.keyId} not found`);
      continue;
    }
    try {
      return openWith(key, env, wrap, ctx);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
