import { keyArn } from '../../crypto/keyring.js';
import { Errors } from '../../domain/errors.js';
import type { KmsAliasRecord } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import { authorizeKms, type KmsDeps, kmsOf, scopeOf } from './deps.js';
import { aliasArnOf, DEFAULT_ALIAS_NAME, findKeyByRef, type KeyScope } from './key-lookup.js';

/**
 * Aliases of customer keys. Names start with `alias/`; `alias/aws/…` is AWS's (refused with
 * NotAuthorizedException); an alias names a key, never another alias. The aws/secretsmanager
 * alias exists once its key does and is listed with the others.
 */
function checkName(aliasName: string): void {
  if (!aliasName.startsWith('alias/')) throw Errors.kmsAliasPrefix();
  if (aliasName.startsWith('alias/aws/')) throw Errors.kmsAliasReserved();
}

async function targetOf(d: KmsDeps, ctx: RequestContext, ref: string) {
  if (ref.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:\d{12}:alias\//.test(ref)) throw Errors.kmsAliasTarget();
  const key = await findKeyByRef(d.store, scopeOf(ctx), ref, ctx.now);
  if (key.keyManager === 'AWS') throw Errors.kmsManagedKey(ctx.principal.arn, 'kms:CreateAlias', keyArn(key));
  if (key.state === 'PendingDeletion') throw Errors.kmsPendingDeletion(keyArn(key));
  return key;
}

export async function createAlias(d: KmsDeps, ctx: RequestContext, aliasName: string, targetKeyId: string) {
  checkName(aliasName);
  const key = await targetOf(d, ctx, targetKeyId);
  const scope = scopeOf(ctx);
  await authorizeKms(d, ctx, 'CreateAlias', aliasArnOf(scope, aliasName));
  await authorizeKms(d, ctx, 'CreateAlias', keyArn(key), key);
  const inserted = await kmsOf(d).insertKmsAlias({
    ...scope,
    aliasName,
    targetKeyId: key.keyId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  if (!inserted) throw Errors.kmsAliasExists(aliasArnOf(scope, aliasName));
}

/**
 * The key an existing alias points at, for the key-policy side of UpdateAlias and DeleteAlias
 * (KMS checks the action on the alias and on each key involved); undefined if either is gone.
 */
async function currentTarget(d: KmsDeps, scope: KeyScope, aliasName: string) {
  const alias = await kmsOf(d).findKmsAlias(scope.accountId, scope.region, aliasName);
  return alias && (await kmsOf(d).findKmsKey(alias.targetKeyId));
}

export async function updateAlias(d: KmsDeps, ctx: RequestContext, aliasName: string, targetKeyId: string) {
  checkName(aliasName);
  const key = await targetOf(d, ctx, targetKeyId);
  const scope = scopeOf(ctx);
  await authorizeKms(d, ctx, 'UpdateAlias', aliasArnOf(scope, aliasName));
  const current = await currentTarget(d, scope, aliasName);
  if (current) await authorizeKms(d, ctx, 'UpdateAlias', keyArn(current), current);
  await authorizeKms(d, ctx, 'UpdateAlias', keyArn(key), key);
  const updated = await kmsOf(d).updateKmsAlias(scope.accountId, scope.region, aliasName, key.keyId, ctx.now);
  if (!updated) throw Errors.kmsAliasNotFound(aliasArnOf(scope, aliasName));
}

export async function deleteAlias(d: KmsDeps, ctx: RequestContext, aliasName: string) {
  checkName(aliasName);
  const scope = scopeOf(ctx);
  await authorizeKms(d, ctx, 'DeleteAlias', aliasArnOf(scope, aliasName));
  const current = await currentTarget(d, scope, aliasName);
  if (current) await authorizeKms(d, ctx, 'DeleteAlias', keyArn(current), current);
  const deleted = await kmsOf(d).deleteKmsAlias(scope.accountId, scope.region, aliasName);
  if (!deleted) throw Errors.kmsAliasNotFound(aliasArnOf(scope, aliasName));
}

export type AliasListEntry = {
  AliasName: string;
  AliasArn: string;
  TargetKeyId: string;
  CreationDate?: number;
  LastUpdatedDate?: number;
};
export type ListAliasesResult = { Aliases: AliasListEntry[]; Truncated: boolean; NextMarker?: string };

const entry = (scope: KeyScope, a: KmsAliasRecord): AliasListEntry => ({
  AliasName: a.aliasName,
  AliasArn: aliasArnOf(scope, a.aliasName),
  TargetKeyId: a.targetKeyId,
  CreationDate: a.createdAt / 1000,
  LastUpdatedDate: a.updatedAt / 1000,
});

/** Aliases by name (the managed aws/secretsmanager alias among them once its key exists). */
export async function listAliases(
  d: KmsDeps,
  ctx: RequestContext,
  q: { keyId?: string; limit?: number; marker?: string },
): Promise<ListAliasesResult> {
  await authorizeKms(d, ctx, 'ListAliases', '*');
  const scope = scopeOf(ctx);
  const keyId = q.keyId === undefined ? undefined : (await findKeyByRef(d.store, scope, q.keyId, ctx.now)).keyId;
  const limit = q.limit ?? 50;
  const after = q.marker === undefined ? undefined : Buffer.from(q.marker, 'base64url').toString();
  if (after !== undefined && !after.startsWith('alias/')) throw Errors.kmsInvalidMarker();
  const managed = await d.store.findKeyByAlias(scope.accountId, scope.region, 'aws/secretsmanager');
  const all: AliasListEntry[] = [];
  if (
    managed &&
    (keyId === undefined || keyId === managed.keyId) &&
    (after === undefined || after < DEFAULT_ALIAS_NAME)
  ) {
    all.push({
      AliasName: DEFAULT_ALIAS_NAME,
      AliasArn: aliasArnOf(scope, DEFAULT_ALIAS_NAME),
      TargetKeyId: managed.keyId,
    });
  }
  const rows = await kmsOf(d).listKmsAliases(scope.accountId, scope.region, { keyId, after, limit: limit + 1 });
  all.push(...rows.map((a) => entry(scope, a)));
  all.sort((a, b) => (a.AliasName < b.AliasName ? -1 : 1));
  const page = all.slice(0, limit);
  const out: ListAliasesResult = { Aliases: page, Truncated: all.length > limit };
  if (all.length > limit) out.NextMarker = Buffer.from(page[page.length - 1]!.AliasName).toString('base64url');
  return out;
}
