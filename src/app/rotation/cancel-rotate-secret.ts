import { Errors } from '../../domain/errors.js';
import { unfinishedRotationToken } from '../../domain/rotation.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica } from '../replication/guards.js';
import { assertNotDeleted, authorizedSecret } from '../secrets/lookup.js';
import { labelMapOf } from '../secrets/write-version.js';
import type { RotationDeps } from './deps.js';
import { clearPending } from './pending.js';

export type CancelRotateSecretResult = { arn: string; name: string; versionId?: string };

/**
 * CancelRotateSecret: RotationEnabled becomes false and the configuration (function, rules)
 * stays for a later RotateSecret. A rotation in progress stops where it is: its AWSPENDING
 * version is left in place and returned as VersionId (AWS: "might not be complete, and should
 * be evaluated for possible deletion"); a function test in progress is simply removed.
 */
export async function cancelRotateSecret(
  d: RotationDeps,
  ctx: RequestContext,
  secretId: string,
): Promise<CancelRotateSecretResult> {
  const secret = await authorizedSecret(d.secrets, ctx, secretId, 'secretsmanager:CancelRotateSecret');
  assertNotDeleted(secret);
  assertNotReplica(secret);
  if (!secret.rotationEnabled && !secret.rotationLambdaArn) throw Errors.rotationNoFunction();
  const store = d.secrets.store;
  await store.disableRotation(secret.id);
  const active = await store.findActiveRotationRun(secret.id);
  if (active && (await store.finishRotationRun(active.id, 'cancelled', ctx.now)) && active.kind === 'test') {
    await clearPending(d.secrets, secret.id, active.token, { dropPlaceholder: true });
  }
  const versionId = unfinishedRotationToken(labelMapOf(await store.listVersions(secret.id)));
  return { arn: secret.arn, name: secret.name, versionId };
}
