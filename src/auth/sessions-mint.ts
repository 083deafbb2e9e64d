import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { CredentialMint } from '../app/iam/deps.js';
import { gcmOpen, gcmSeal } from '../crypto/aes-gcm.js';
import { newAccessKeyId, newAccountId, newSecretAccessKey, sealSecretKey } from './access-keys.js';

/**
 * New credentials. Temporary keys look like AWS's (ASIA + 16 characters, 40-character secrets);
 * their secret is sealed under the root key bound to the key id, like a long-term key's, and the
 * session token is 96 random bytes of which only the SHA-256 is stored: a database reader can
 * neither sign as the session nor present its token.
 */
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const randomId = (prefix: string, length: number): string => {
  let s = prefix;
  while (s.length < length) s += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return s;
};

const sessionAad = (accessKeyId: string) => Buffer.from(`strongroom:session-key:v1:${accessKeyId}`);

export const sealSessionSecret = (rootKey: Uint8Array, accessKeyId: string, secret: string) =>
  gcmSeal(rootKey, Buffer.from(secret, 'utf8'), sessionAad(accessKeyId));

export const openSessionSecret = (rootKey: Uint8Array, accessKeyId: string, sealed: Uint8Array): string =>
  gcmOpen(rootKey, sealed, sessionAad(accessKeyId)).toString('utf8');

export const hashSessionToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

export function createCredentialMint(rootKey: Uint8Array): CredentialMint {
  return {
    accessKey() {
      const accessKeyId = newAccessKeyId();
      const secretAccessKey = newSecretAccessKey();
      return { accessKeyId, secretAccessKey, sealedSecret: sealSecretKey(rootKey, accessKeyId, secretAccessKey) };
    },
    sessionKey() {
      const accessKeyId = randomId('ASIA', 20);
      const secretAccessKey = newSecretAccessKey();
      const sessionToken = randomBytes(96).toString('base64');
      return {
        accessKeyId,
        secretAccessKey,
        sessionToken,
        sealedSecret: sealSessionSecret(rootKey, accessKeyId, secretAccessKey),
        tokenHash: hashSessionToken(sessionToken),
      };
    },
    userId: () => randomId('AIDA', 21),
    roleId: () => randomId('AROA', 21),
    accountId: newAccountId,
  };
}
