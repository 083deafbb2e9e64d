import { gcmOpen, gcmSeal } from '../../../crypto/aes-gcm.js';

/**
 * A webhook's HMAC key is stored sealed under the root key, bound to the function's ARN (moving
 * the sealed key to another function fails to open), like access keys' secrets.
 */
const aad = (arn: string) => Buffer.from(`strongroom:rotation-function:v1:${arn}`);

export const sealSigningKey = (rootKey: Uint8Array, arn: string, key: Uint8Array): Buffer =>
  gcmSeal(rootKey, key, aad(arn));

export const openSigningKey = (rootKey: Uint8Array, arn: string, sealed: Uint8Array): Buffer =>
  gcmOpen(rootKey, sealed, aad(arn));
