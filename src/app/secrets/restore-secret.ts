import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import { authorizedSecret } from './lookup.js';
import { emitPerVersion } from './version-events.js';

/** Cancels a scheduled deletion; restoring a live secret is a harmless no-op, as in AWS. */
export async function restoreSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  secretId: string,
): Promise<{ arn: string; name: string }> {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:RestoreSecret');
  assertNotReplica(secret);
  if (secret.deletedAt !== undefined) {
    await d.store.transaction(async (tx) => {
      const locked = await tx.lockSecret(secret.id);
      if (!locked) throw Errors.secretNotFound();
      await tx.updateSecret({ ...locked, deletedAt: undefined, deletionDate: undefined });
    });
    const versions = d.events ? (await d.store.listVersions(secret.id)).map((v) => v.versionId) : [];
    await emitPerVersion(d.events, 'CancelSecretVersionDelete', secret.arn, versions, ctx.now);
  }
  return { arn: secret.arn, name: secret.name };
}
