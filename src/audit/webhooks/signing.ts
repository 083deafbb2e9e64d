import { createHmac, hkdfSync } from 'node:crypto';
import { gcmOpen, gcmSeal } from '../../crypto/aes-gcm.js';

/**
 * Webhook signing secrets: generated per subscription, shown once, stored sealed under a key
 * derived from the root key (bound to the subscription id), so the database alone cannot forge
 * deliveries.
 */
export const webhookSealKey = (rootKey: Uint8Array): Buffer =>
  Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), 'strongroom webhook secrets v1', 32));

const aad = (subscriptionId: string) => Buffer.from(`strongroom:webhook:v1:${subscriptionId}`);

export const sealWebhookSecret = (key: Uint8Array, subscriptionId: string, secret: string): Buffer =>
  gcmSeal(key, Buffer.from(secret, 'utf8'), aad(subscriptionId));

export const openWebhookSecret = (key: Uint8Array, subscriptionId: string, sealed: Uint8Array): string =>
  gcmOpen(key, sealed, aad(subscriptionId)).toString('utf8');

export const SIGNATURE_HEADER = 'x-strongroom-signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: the timestamp is signed so a
 * receiver can refuse replays older than it tolerates.
 */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}
