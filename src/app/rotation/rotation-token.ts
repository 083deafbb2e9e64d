import { createHash, timingSafeEqual } from 'node:crypto';
import { Errors } from '../../domain/errors.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { RotationRunRecord, RotationStore } from '../../storage/rotation-ports.js';
import type { Principal } from '../context.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

type Deps = Pick<RotationStore, 'findActiveRotationRun' | 'recordForeignPendingWrite'>;

/**
 * PutSecretValue's RotationToken, as AWS checks it ("Pending secret version … was not created by
 * Lambda …", docs/rotation.md, decision 3):
 * - present: it must be the token of the rotation running on the secret, and the version written
 *   must be that rotation's AWSPENDING version (compared in constant time: digests make the
 *   lengths equal);
 * - absent: required only of a role session writing the running rotation's pending version that
 *   is not the rotation function itself, i.e. not the execution-role session Strongroom issued
 *   to that function (a role the function assumed in turn, or any other role), or that writes
 *   from another account. Long-term keys (people fixing things by hand) are not checked.
 * A refusal aimed at the pending version is also marked on the run, which then fails with
 * AWS's RotationFailed message (run-rotation.ts): nothing unattributed lands in AWSPENDING.
 */
export async function assertRotationToken(
  store: Deps,
  principal: Principal,
  secret: SecretRecord,
  versionId: string,
  rotationToken: string | undefined,
  now: number,
): Promise<void> {
  if (rotationToken === undefined) {
    // Only role sessions are checked, from what the credential resolver loaded with the session
    // (no second read of it). Without a session: Strongroom's own built-in rotation principal,
    // which always passes the token, and long-term keys; neither needs the run.
    const session = principal.type === 'AssumedRole' ? principal.session : undefined;
    if (!session) return;
    // Any role session may be refused (a role the function assumed in turn has no source function),
    // so the run is read for each: it says whether this is the pending version.
    const run = await store.findActiveRotationRun(secret.id);
    if (run?.token !== versionId) return;
    if (session.sourceFunctionArn === run.functionArn && principal.accountId === secret.accountId) return;
    return refuse(store, run, secret, versionId, now);
  }
  const run = await store.findActiveRotationRun(secret.id);
  const matches = timingSafeEqual(digest(run?.rotationToken ?? ''), digest(rotationToken));
  if (run && run.token === versionId && matches) return;
  return refuse(store, run, secret, versionId, now);
}

async function refuse(
  store: Deps,
  run: RotationRunRecord | undefined,
  secret: SecretRecord,
  versionId: string,
  now: number,
): Promise<never> {
  if (run?.token === versionId) await store.recordForeignPendingWrite(run.id, now);
  throw Errors.rotationNotCreatedByLambda(versionId, secret.arn, run?.functionArn ?? secret.rotationLambdaArn ?? '');
}
