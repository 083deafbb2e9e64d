import { randomBytes } from 'node:crypto';
import { gcmOpen, gcmSeal } from './aes-gcm.js';
import type { AccountKey, Keyring } from './keyring.js';

/**
 * Envelope encryption of one secret version, as Secrets Manager does with KMS:
 * a fresh 256-bit data key seals the value with AES-256-GCM; the account key wraps the data key.
 * Both seals bind the encryption context {SecretARN, SecretVersionId} as AAD, so a sealed
 * value copied to another secret or version fails to open.
 *
 * Format v1 (all integers big-endian):
 *   0x01 | keyIdLen u8 | keyId (ascii) | wrappedLen u16 | wrappedDek | sealedValue
 * The header names the key so keys can rotate later; a new layout gets a new version byte.
 */
const FORMAT_V1 = 0x01;

export type EncryptionContext = { SecretARN: string; SecretVersionId: string };

const aad = (purpose: string, ctx: EncryptionContext) =>
  Buffer.from(`strongroom:${purpose}:v1\n${ctx.SecretARN}\n${ctx.SecretVersionId}`);

export function seal(key: AccountKey, plaintext: Uint8Array, ctx: EncryptionContext): Uint8Array {
  const dek = randomBytes(32);
  try {
    const value = gcmSeal(dek, plaintext, aad('value', ctx));
    const wrapped = gcmSeal(key.material, dek, aad('dek', ctx));
    const keyId = Buffer.from(key.keyId, 'ascii');
    const header = Buffer.alloc(2);
    header[0] = FORMAT_V1;
    header[1] = keyId.length;
    const len = Buffer.alloc(2);
    len.writeUInt16BE(wrapped.length);
    return Buffer.concat([header, keyId, len, wrapped, value]);
  } finally {
    dek.fill(0);
  }
}

export type ParsedEnvelope = { keyId: string; wrapped: Buffer; value: Buffer };

export function parseEnvelope(sealed: Uint8Array): ParsedEnvelope {
  const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (b[0] !== FORMAT_V1) throw new Error('unknown envelope format');
  const idLen = b[1]!;
  const keyId = b.subarray(2, 2 + idLen).toString('ascii');
  const wrappedLen = b.readUInt16BE(2 + idLen);
  const start = 4 + idLen;
  return { keyId, wrapped: b.subarray(start, start + wrappedLen), value: b.subarray(start + wrappedLen) };
}

/** Opens a sealed version. The caller owns the returned buffer and should zero it when done. */
export async function open(keyring: Keyring, sealed: Uint8Array, ctx: EncryptionContext): Promise<Buffer> {
  const env = parseEnvelope(sealed);
  const key = await keyring.byId(env.keyId);
  if (!key) throw new Error(`account key ${env.keyId} not found`);
  const dek = gcmOpen(key.material, env.wrapped, aad('dek', ctx));
  try {
    return gcmOpen(dek, env.value, aad('value', ctx));
  } finally {
    dek.fill(0);
  }
}
