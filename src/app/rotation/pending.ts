import { Errors } from '../../domain/errors.js';
import { type RunProgress, rotationInProgress, runProgress } from '../../domain/rotation.js';
import { AWSCURRENT, AWSPENDING } from '../../domain/secret.js';
import { assertNotReplica, enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { assertNotDeleted } from '../secrets/lookup.js';
import { DEFAULT_KMS_KEY_IDS } from '../secrets/value.js';
import { labelMapOf } from '../secrets/write-version.js';

/**
 * The label side of a rotation, each in one transaction under the secret's lock (so a racing
 * PutSecretValue or RotateSecret sees either all of it or none).
 */
export type PlaceholderResult = 'created' | 'pending' | 'finished';

/**
 * Puts AWSPENDING on an empty version whose id is the token (AWS: createSecret finds it there).
 * 'pending' when it already is (a retry, same token); 'finished' when the token version is
 * already AWSCURRENT. Refuses while another rotation holds AWSPENDING, and a token that names
 * some other existing version.
 */
export async function createPlaceholder(
  d: SecretsDeps,
  secretId: string,
  token: string,
  now: number,
): Promise<PlaceholderResult> {
  return d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secretId);
    if (!locked) throw Errors.secretNotFound();
    assertNotDeleted(locked);
    assertNotReplica(locked);
    const versions = await tx.listVersions(secretId);
    const labels = labelMapOf(versions);
    if (versions.some((v) => v.versionId === token)) {
      const progress = runProgress(labels, token);
      if (progress === 'abandoned') throw Errors.versionImmutable();
      return progress === 'finished' ? 'finished' : 'pending';
    }
    if (rotationInProgress(labels, token)) throw Errors.rotationInProgress();
    await tx.insertVersion({
      secretId,
      versionId: token,
      createdAt: now,
      stages: [AWSPENDING],
      kmsKeyIds: DEFAULT_KMS_KEY_IDS,
    });
    await enqueueReplicaSync(tx, locked);
    return 'created';
  });
}

/** Where the run stands against the labels now; 'abandoned' also when the secret is gone. */
export async function progressOf(d: SecretsDeps, secretId: string, token: string): Promise<RunProgress> {
  const versions = await d.store.listVersions(secretId);
  return runProgress(labelMapOf(versions), token);
}

/**
 * Decision 3: after finishSecret, AWSPENDING leaves the new current version. For a test run
 * (`dropPlaceholder`), the empty version the test created goes entirely, as AWS removes it.
 */
export async function clearPending(
  d: SecretsDeps,
  secretId: string,
  token: string,
  o: { dropPlaceholder: boolean },
): Promise<void> {
  await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secretId);
    if (!locked) return;
    const versions = await tx.listVersions(secretId);
    const labels = labelMapOf(versions);
    const version = versions.find((v) => v.versionId === token);
    if (!version) return;
    const onlyPending = version.stages.every((stage) => stage === AWSPENDING);
    if (o.dropPlaceholder && !version.sealed && onlyPending) {
      await tx.deleteVersions(secretId, [token]);
    } else if (labels.get(AWSPENDING) === token && (o.dropPlaceholder || labels.get(AWSCURRENT) === token)) {
      labels.delete(AWSPENDING);
      await tx.setStages(secretId, labels);
    } else {
      return;
    }
    await enqueueReplicaSync(tx, locked);
  });
}
