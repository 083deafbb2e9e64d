import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a random 96-bit nonce. Output: nonce(12) | ciphertext | tag(16). */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export function gcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(aad);
  const body = c.update(plaintext);
  const tail = c.final();
  return Buffer.concat([nonce, body, tail, c.getAuthTag()]);
}

/** Throws if the key, the AAD or any byte of the blob is wrong (GCM authentication). */
export function gcmOpen(key: Uint8Array, blob: Uint8Array, aad: Uint8Array): Buffer {
  if (blob.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed blob too short');
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const nonce = buf.subarray(0, NONCE_BYTES);
  const tag = buf.subarray(buf.length - TAG_BYTES);
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAAD(aad);
  d.setAuthTag(tag);
  const body = d.update(buf.subarray(NONCE_BYTES, buf.length - TAG_BYTES));
  const tail = d.final();
  return tail.length ? Buffer.concat([body, tail]) : body;
}
