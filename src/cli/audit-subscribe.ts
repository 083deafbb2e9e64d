import { randomBytes, randomUUID } from 'node:crypto';
import { parsePattern } from '../audit/webhooks/pattern.js';
import { sealWebhookSecret, webhookSealKey } from '../audit/webhooks/signing.js';
import type { AuditStore } from '../storage/audit-ports.js';
import { type AuditSourceOptions, auditRootKey, openAuditStore } from './audit-source.js';
import { chosenFormat, type FormatFlags, printResult } from './output-format.js';

async function withStore<T>(o: AuditSourceOptions, fn: (s: AuditStore) => Promise<T>) {
  const store = await openAuditStore(o);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * `strongroom audit subscribe`: stores a webhook subscription; a running server picks it up within
 * seconds. Prints the id and the signing secret, which is shown this once.
 */
export async function auditSubscribe(
  o: AuditSourceOptions & FormatFlags & { url: string; pattern: string },
): Promise<void> {
  const format = chosenFormat(o);
  const url = new URL(o.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('--url must be an http(s) URL');
  try {
    parsePattern(o.pattern);
  } catch (e) {
    throw new Error(`invalid --pattern: ${(e as Error).message}`);
  }
  const rootKey = await auditRootKey(o);
  if (!rootKey)
    throw new Error('no root key: give --data-dir, --root-key-file or STRONGROOM_ROOT_KEY (as for the server)');
  const id = randomUUID();
  const secret = randomBytes(32).toString('hex');
  await withStore(o, (store) =>
    store.insertAuditSubscription({
      id,
      url: url.toString(),
      pattern: o.pattern,
      sealedSecret: sealWebhookSecret(webhookSealKey(rootKey), id, secret),
      createdAt: Date.now(),
    }),
  );
  printResult(format, {
    json: { id, url: url.toString(), signingSecret: secret },
    plain: () =>
      `subscription ${id}\nsigning secret ${secret}\n(the secret is shown once: deliveries carry x-strongroom-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>)\n`,
  });
}

export async function auditUnsubscribe(o: AuditSourceOptions & FormatFlags & { id: string }): Promise<void> {
  const format = chosenFormat(o);
  const removed = await withStore(o, (store) => store.deleteAuditSubscription(o.id));
  if (!removed) throw new Error(`no subscription ${o.id}`);
  printResult(format, { json: { id: o.id }, plain: () => `removed subscription ${o.id}\n` });
}

/** Default: one JSON object per line (kept as it was). */
export async function auditSubscriptions(o: AuditSourceOptions & FormatFlags): Promise<void> {
  const format = chosenFormat(o);
  const subs = await withStore(o, (store) => store.listAuditSubscriptions());
  const rows = subs.map((s) => ({
    id: s.id,
    url: s.url,
    pattern: JSON.parse(s.pattern) as unknown,
    createdAt: new Date(s.createdAt).toISOString(),
  }));
  printResult(format, {
    json: { Subscriptions: rows },
    rows,
    columns: ['id', 'url', 'createdAt', 'pattern'],
    plain: () => rows.map((r) => `${JSON.stringify(r)}\n`).join(''),
  });
}
