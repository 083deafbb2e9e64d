import { keyArn } from '../../crypto/keyring.js';
import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { authorizeKms, type KmsDeps, kmsOf, scopeOf } from './deps.js';
import { findKeyByRef, isDeleted } from './key-lookup.js';
import { type KeyMetadata, keyMetadata } from './key-metadata.js';

export async function describeKey(d: KmsDeps, ctx: RequestContext, keyId: string): Promise<KeyMetadata> {
  const key = await findKeyByRef(d.store, scopeOf(ctx), keyId, ctx.now);
  await authorizeKms(d, ctx, 'DescribeKey', keyArn(key), key);
  return keyMetadata(key);
}

export type KeyListEntry = { KeyId: string; KeyArn: string };
export type ListKeysResult = { Keys: KeyListEntry[]; Truncated: boolean; NextMarker?: string };

/** Markers are the last key id of the previous page, opaque to clients (base64url). */
const toMarker = (keyId: string) => Buffer.from(keyId).toString('base64url');
function fromMarker(marker: string): string {
  const keyId = Buffer.from(marker, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(keyId)) throw Errors.kmsInvalidMarker();
  return keyId;
}

/** Keys of the account and region (AWS managed ones included), by key id; default page 100. */
export async function listKeys(
  d: KmsDeps,
  ctx: RequestContext,
  q: { limit?: number; marker?: string },
): Promise<ListKeysResult> {
  await authorizeKms(d, ctx, 'ListKeys', '*');
  const kms = kmsOf(d);
  for (const id of await kms.purgeKmsKeys(ctx.now)) d.keyring.forget(id);
  const limit = q.limit ?? 100;
  const after = q.marker === undefined ? undefined : fromMarker(q.marker);
  const rows = await kms.listKmsKeys(ctx.principal.accountId, ctx.region, after, limit + 1);
  const page = rows.slice(0, limit).filter((k) => !isDeleted(k, ctx.now));
  const out: ListKeysResult = {
    Keys: page.map((k) => ({ KeyId: k.keyId, KeyArn: keyArn(k) })),
    Truncated: rows.length > limit,
  };
  if (rows.length > limit) out.NextMarker = toMarker(rows[limit - 1]!.keyId);
  return out;
}
