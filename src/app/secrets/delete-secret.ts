import { Errors } from '../../domain/errors.js';
import { DAY_MS } from '../../lib/clock.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import { assertValidSecretId, findSecret, newSecretArn, resourceArnFor } from './lookup.js';
import { emitPerVersion } from './version-events.js';

export type DeleteSecretCommand = {
  secretId: string;
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
};
export type DeleteSecretResult = { arn: string; name: string; deletionDate: number };

export const DEFAULT_RECOVERY_DAYS = 30;

/**
 * Schedules deletion after a 7-30 day window (default 30), or deletes at once with
 * ForceDeleteWithoutRecovery. A forced delete of a missing secret succeeds, as AWS documents.
 *
 * Service events, one per version: scheduling starts the deletion (StartSecretVersionDelete;
 * RestoreSecret cancels it, the purge at the window's end confirms it); a forced delete starts
 * and ends it at once (Start, then EndSecretVersionDelete), or only ends it for a secret whose
 * deletion was already started.
 */
export async function deleteSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  c: DeleteSecretCommand,
): Promise<DeleteSecretResult> {
  assertValidSecretId(c.secretId);
  const force = c.forceDeleteWithoutRecovery === true;
  if (force && c.recoveryWindowInDays !== undefined) throw Errors.forceAndWindow();
  const days = c.recoveryWindowInDays ?? DEFAULT_RECOVERY_DAYS;
  if (!force && (days < 7 || days > 30)) throw Errors.recoveryWindow();

  const secret = await findSecret(d, ctx, c.secretId);
  await d.authorize(ctx, {
    action: 'secretsmanager:DeleteSecret',
    resource: resourceArnFor(ctx, c.secretId, secret),
    conditions: {
      'secretsmanager:ForceDeleteWithoutRecovery': force,
      'secretsmanager:RecoveryWindowInDays': force ? undefined : days,
    },
  });
  if (!secret) {
    if (!force) throw Errors.secretNotFound();
    const name = c.secretId.startsWith('arn:') ? (c.secretId.split(':secret:')[1] ?? c.secretId) : c.secretId;
    return {
      arn: c.secretId.startsWith('arn:') ? c.secretId : newSecretArn(d, ctx, name),
      name,
      deletionDate: ctx.now,
    };
  }
  assertNotReplica(secret);
  const replicaRegions = secret.replicas.map((r) => r.Region);
  if (replicaRegions.length > 0) throw Errors.deleteWithReplicas(secret.arn, replicaRegions);
  if (force) {
    const gone = await d.store.transaction(async (tx) => {
      const locked = await tx.lockSecret(secret.id);
      if (!locked) return undefined; // purged or deleted meanwhile: nothing left to announce
      const versions = (await tx.listVersions(secret.id)).map((v) => v.versionId);
      await tx.deleteSecret(secret.id);
      return { versions, started: locked.deletedAt !== undefined };
    });
    if (gone && !gone.started) {
      await emitPerVersion(d.events, 'StartSecretVersionDelete', secret.arn, gone.versions, ctx.now);
    }
    await emitPerVersion(d.events, 'EndSecretVersionDelete', secret.arn, gone?.versions ?? [], ctx.now);
    return { arn: secret.arn, name: secret.name, deletionDate: ctx.now };
  }
  const markedDeleted = () =>
    Errors.invalidRequest("You tried to perform the operation on a secret that's currently marked deleted.");
  if (secret.deletedAt !== undefined) throw markedDeleted();
  const deletionDate = ctx.now + days * DAY_MS;
  const versions = await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    // Checked again under the lock: of two racing deletes, one starts the deletion (and announces it).
    if (locked.deletedAt !== undefined) throw markedDeleted();
    await tx.updateSecret({ ...locked, deletedAt: ctx.now, deletionDate });
    return (await tx.listVersions(secret.id)).map((v) => v.versionId);
  });
  await emitPerVersion(d.events, 'StartSecretVersionDelete', secret.arn, versions, ctx.now);
  return { arn: secret.arn, name: secret.name, deletionDate };
}
