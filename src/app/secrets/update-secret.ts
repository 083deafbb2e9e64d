import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica, enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import { authorizeSealing, kmsKeyArnCondition, resolveKmsKey, validateKeyAccess } from './kms-key.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';
import { requireToken } from './token.js';
import { plainValue, rewrapLabelled, type SecretValueInput, sameValue } from './value.js';
import { writeVersion } from './write-version.js';

export type UpdateSecretCommand = {
  secretId: string;
  token?: string;
  description?: string;
  kmsKeyId?: string;
  value: SecretValueInput;
  type?: string;
};

export type UpdateSecretResult = { arn: string; name: string; versionId?: string };

/**
 * Changes description, key and/or value. A value makes a new AWSCURRENT version (the old one
 * becomes AWSPREVIOUS); metadata alone creates no version and returns no VersionId.
 */
export async function updateSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  c: UpdateSecretCommand,
): Promise<UpdateSecretResult> {
  const secret = await authorizedSecret(d, ctx, c.secretId, 'secretsmanager:UpdateSecret', {
    'secretsmanager:Description': c.description,
    'secretsmanager:KmsKeyArn': await kmsKeyArnCondition(d, ctx, c.kmsKeyId),
  });
  assertNotReplica(secret);
  assertNotDeleted(secret);
  const value = plainValue(c.value);
  if (value) requireToken(c.token, 'InvalidRequestException');
  if (value && secret.owningService) throw Errors.managedByService();
  // A token already used for another value is refused before anything changes: the metadata
  // below commits on its own, ahead of the version.
  if (value) {
    const used = await d.store.getVersion(secret.id, c.token!);
    if (used?.sealed && !(await sameValue(d, secret, used, value))) throw Errors.versionImmutable();
  }
  const kmsKeyId = c.kmsKeyId === undefined ? secret.kmsKeyId : await resolveKmsKey(d, ctx, c.kmsKeyId, secret.arn);
  // A new key: check access to it, then give the labelled versions a copy of their data key under it.
  const next = { ...secret, kmsKeyId };
  const keyChanged = kmsKeyId !== secret.kmsKeyId;
  if (keyChanged) await validateKeyAccess(d, next, ctx.now, ctx);
  const rewrapped = keyChanged ? await rewrapLabelled(d, secret, next, ctx.now, ctx) : [];
  if (value) await authorizeSealing(d, ctx, next);

  if (c.description !== undefined || c.kmsKeyId !== undefined || c.type !== undefined) {
    await d.store.transaction(async (tx) => {
      const locked = await tx.lockSecret(secret.id);
      if (!locked) throw Errors.secretNotFound();
      assertNotDeleted(locked);
      await tx.updateSecret({
        ...locked,
        description: c.description === undefined ? locked.description : c.description || undefined,
        kmsKeyId,
        type: c.type ?? locked.type,
        lastChangedAt: ctx.now,
      });
      for (const r of rewrapped) {
        if (await tx.getVersion(secret.id, r.versionId)) {
          await tx.setVersionValue(secret.id, r.versionId, r.sealed, r.kind, r.kmsKeyIds);
        }
      }
      await enqueueReplicaSync(tx, locked);
    });
  }
  if (!value) return { arn: secret.arn, name: secret.name };
  try {
    const w = await writeVersion(d, next, c.token!, value, undefined, ctx.now);
    return { arn: secret.arn, name: secret.name, versionId: w.versionId };
  } finally {
    value.bytes.fill(0);
  }
}
