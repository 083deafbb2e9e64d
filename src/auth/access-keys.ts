import { randomBytes, randomInt } from 'node:crypto';
import { gcmOpen, gcmSeal } from '../crypto/aes-gcm.js';
import type { Clock } from '../lib/clock.js';
import { type Store, StoreConflictError } from '../storage/ports.js';

/**
 * Access keys: AKIA + 16 characters, 40-character secrets stored sealed under the root key.
 * The verifier needs the plaintext secret to recompute signatures, so unsealed secrets are
 * cached in memory by key id (as AWS's own front ends cache signing material).
 */
const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export const newAccessKeyId = (): string => {
  let s = 'AKIA';
  for (let i = 0; i < 16; i++) s += KEY_ID_ALPHABET[randomInt(KEY_ID_ALPHABET.length)];
  return s;
};

export const newSecretAccessKey = (): string => {
  let s = '';
  for (let i = 0; i < 40; i++) s += SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)];
  return s;
};

export const newAccountId = (): string => {
  let s = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) s += String(randomInt(10));
  return s;
};

const aad = (accessKeyId: string) => Buffer.from(`strongroom:access-key:v1:${accessKeyId}`);

export const sealSecretKey = (rootKey: Uint8Array, accessKeyId: string, secret: string) =>
  gcmSeal(rootKey, Buffer.from(secret, 'utf8'), aad(accessKeyId));

export type AdminCredentials = { accessKeyId: string; secretAccessKey: string; accountId: string; created: boolean };

/**
 * Creates the administrator, the default account's root key, on first start (from
 * STRONGROOM_ADMIN_ACCESS_KEY_ID/STRONGROOM_ADMIN_SECRET_ACCESS_KEY when given) and finds it
 * afterwards. initMeta makes the first node to initialize an empty database win, so several
 * nodes starting together agree.
 */
export async function ensureAdmin(
  store: Store,
  rootKey: Uint8Array,
  clock: Clock,
  env: { accessKeyId?: string; secretAccessKey?: string },
): Promise<AdminCredentials> {
  const accountId = await store.initMeta('default_account_id', newAccountId());
  await store.insertAccount({ accountId, createdAt: clock.now() });
  const proposed = env.accessKeyId || newAccessKeyId();
  const accessKeyId = await store.initMeta('admin_access_key_id', proposed);
  const stored = async (): Promise<AdminCredentials | undefined> => {
    const existing = await store.findAccessKey(accessKeyId);
    if (!existing) return undefined;
    const secret = gcmOpen(rootKey, existing.sealedSecret, aad(accessKeyId)).toString('utf8');
    return { accessKeyId, secretAccessKey: secret, accountId, created: false };
  };
  const existing = await stored();
  if (existing) return existing;
  const secretAccessKey = env.secretAccessKey || newSecretAccessKey();
  try {
    await store.insertAccessKey({
      accessKeyId,
      accountId,
      // The administrator is its account's root: full access to that account (docs/iam.md).
      principalArn: `arn:aws:iam::${accountId}:root`,
      userName: 'root',
      sealedSecret: sealSecretKey(rootKey, accessKeyId, secretAccessKey),
      status: 'Active',
      createdAt: clock.now(),
    });
  } catch (e) {
    // Another node inserted the same administrator key between our lookup and our insert.
    const winner = e instanceof StoreConflictError ? await stored() : undefined;
    if (!winner) throw e;
    return winner;
  }
  return { accessKeyId, secretAccessKey, accountId, created: true };
}

/** Random key material for dev mode's throwaway root key. */
export const randomRootKey = (): Buffer => randomBytes(32);
