import { createHash, timingSafeEqual } from 'node:crypto';
import { Errors } from '../../domain/errors.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { RotationStore } from '../../storage/rotation-ports.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * PutSecretValue's RotationToken: when present it must be the token of the rotation running on
 * the secret, and the version written must be that rotation's AWSPENDING version. Compared in
 * constant time (digests make the lengths equal).
 */
export async function assertRotationToken(
  store: Pick<RotationStore, 'findActiveRotationRun'>,
  secret: SecretRecord,
  versionId: string,
  rotationToken: string | undefined,
): Promise<void> {
  if (rotationToken === undefined) return;
  const run = await store.findActiveRotationRun(secret.id);
  const matches = timingSafeEqual(digest(run?.rotationToken ?? ''), digest(rotationToken));
  if (run && run.token === versionId && matches) return;
  throw Errors.rotationNotCreatedByLambda(versionId, secret.arn, run?.functionArn ?? secret.rotationLambdaArn ?? '');
}
