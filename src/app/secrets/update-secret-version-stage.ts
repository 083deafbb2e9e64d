import { Errors } from '../../domain/errors.js';
import { moveStage } from '../../domain/labels.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica, enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';
import { labelMapOf } from './write-version.js';

export type UpdateStageCommand = { secretId: string; stage: string; moveTo?: string; removeFrom?: string };

/** Moves or removes one label in one transaction (moving AWSCURRENT drags AWSPREVIOUS along). */
export async function updateSecretVersionStage(d: SecretsDeps, ctx: RequestContext, c: UpdateStageCommand) {
  const secret = await authorizedSecret(d, ctx, c.secretId, 'secretsmanager:UpdateSecretVersionStage', {
    'secretsmanager:VersionStage': c.stage,
  });
  assertNotReplica(secret);
  assertNotDeleted(secret);
  await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secret.id);
    if (!locked) throw Errors.secretNotFound();
    assertNotDeleted(locked);
    const versions = await tx.listVersions(secret.id);
    const ids = new Set(versions.map((v) => v.versionId));
    for (const v of [c.moveTo, c.removeFrom]) {
      if (v !== undefined && !ids.has(v)) throw Errors.invalidParameter(`Not a valid version: ${v}`);
    }
    await tx.setStages(
      secret.id,
      moveStage(labelMapOf(versions), { stage: c.stage, moveTo: c.moveTo, removeFrom: c.removeFrom }),
    );
    await tx.updateSecret({ ...locked, lastChangedAt: ctx.now });
    await enqueueReplicaSync(tx, locked);
  });
  return { arn: secret.arn, name: secret.name };
}
