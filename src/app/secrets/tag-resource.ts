import { Errors } from '../../domain/errors.js';
import type { Tag } from '../../domain/secret.js';
import { mergeTags, removeTags, validateTags } from '../../domain/tags.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica, enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';

export async function tagResource(d: SecretsDeps, ctx: RequestContext, secretId: string, tags: Tag[]): Promise<void> {
  validateTags(tags);
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:TagResource', {
    'aws:TagKeys': tags.map((t) => t.Key),
  });
  assertNotReplica(secret);
  assertNotDeleted(secret);
  await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    assertNotDeleted(locked);
    await tx.updateSecret({ ...locked, tags: mergeTags(locked.tags ?? [], tags), lastChangedAt: ctx.now });
    await enqueueReplicaSync(tx, locked);
  });
}

export async function untagResource(
  d: SecretsDeps,
  ctx: RequestContext,
  secretId: string,
  keys: string[],
): Promise<void> {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:UntagResource', { 'aws:TagKeys': keys });
  assertNotReplica(secret);
  assertNotDeleted(secret);
  await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    assertNotDeleted(locked);
    await tx.updateSecret({ ...locked, tags: removeTags(locked.tags ?? [], keys), lastChangedAt: ctx.now });
    await enqueueReplicaSync(tx, locked);
  });
}
