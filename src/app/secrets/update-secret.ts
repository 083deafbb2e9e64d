import { Errors } from '../../domain/errors.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica, enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import {
  acceptKmsKey,
  authorizeSealing,
  chooseKmsKey,
  type SecretKey,
  sealingKey,
  sealingKeyOf,
  validateKeyAccess,
} from './kms-key.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';
import { requireToken } from './token.js';
import { type PlainValue, plainValue, type Rewrapped, rewrapLabelled, type SecretValueInput } from './value.js';
import {
  announcePruned,
  existingVersion,
  lockLiveSecret,
  type NewVersion,
  raceWinner,
  type StoredVersion,
  sealVersion,
  storeVersion,
  VersionRaced,
} from './write-version.js';

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
 * becomes AWSPREVIOUS); metadata alone creates no version and returns no VersionId. The call is
 * applied whole or not at all.
 */
export async function updateSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  c: UpdateSecretCommand,
): Promise<UpdateSecretResult> {
  // KmsKeyId is looked up once: the key the condition judges is the key checked, re-wrapping and sealing.
  const choice = await chooseKmsKey(d, ctx, c.kmsKeyId);
  const secret = await authorizedSecret(d, ctx, c.secretId, 'secretsmanager:UpdateSecret', {
    'secretsmanager:Description': c.description,
    'secretsmanager:KmsKeyArn': choice.conditionArn,
  });
  assertNotReplica(secret);
  assertNotDeleted(secret);
  const value = plainValue(c.value);
  try {
    if (value) requireToken(c.token, 'InvalidRequestException');
    if (value && secret.owningService) throw Errors.managedByService();
    // A token already used for another value is refused before any key check; with the same
    // value the call is a retry: its metadata applies, no version is written.
    const retried = value ? await existingVersion(d, secret, c.token!, value) : undefined;
    const customerKey = c.kmsKeyId === undefined ? undefined : await acceptKmsKey(d, ctx, choice, secret.arn);
    const kmsKeyId = c.kmsKeyId === undefined ? secret.kmsKeyId : customerKey ? c.kmsKeyId : undefined;
    const next = { ...secret, kmsKeyId };
    const keyChanged = kmsKeyId !== secret.kmsKeyId;
    // The key that re-wraps and seals: the one KmsKeyId named, else the secret's own.
    let key: SecretKey | undefined;
    if (keyChanged || value) {
      key = c.kmsKeyId === undefined ? await sealingKeyOf(d, secret, ctx.now) : await sealingKey(d, next, customerKey);
    }
    // A new key: check access to it, then give the labelled versions a copy of their data key under it.
    if (key && keyChanged) await validateKeyAccess(d, next, key, ctx);
    const rewrapped = key && keyChanged ? await rewrapLabelled(d, secret, key, ctx) : [];
    if (key && value) await authorizeSealing(d, ctx, next, key, c.token!);
    const fresh = key && value && !retried ? sealVersion(d, key, next, c.token!, value) : undefined;

    const change: Change = {
      metadata: c.description !== undefined || c.kmsKeyId !== undefined || c.type !== undefined,
      description: c.description,
      keyGiven: c.kmsKeyId !== undefined,
      kmsKeyId,
      type: c.type,
      rewrapped,
    };
    await commit(d, ctx, secret, change, fresh, value);
    return { arn: secret.arn, name: secret.name, versionId: value ? c.token : undefined };
  } finally {
    value?.bytes.fill(0);
  }
}

type Change = {
  metadata: boolean;
  description?: string;
  /** Whether the call named a key: if not, the key stays what the locked row says. */
  keyGiven: boolean;
  kmsKeyId?: string;
  type?: string;
  rewrapped: Rewrapped[];
};

/**
 * Stores the metadata, the re-wrapped versions and the new version in ONE transaction, so that
 * either all of them commit or none does. Checking first and committing the metadata on its own
 * would not do: what refuses the version (the version quota, a token stored by a concurrent
 * request) is only known under the secret's lock, against the versions as they are then, and a
 * check made before the lock can be outdated by the time the version is written. Everything with
 * I/O (key lookups, KMS permission checks, sealing, re-wrapping) ran before; the body only reads
 * and writes the store.
 */
async function commit(
  d: SecretsDeps,
  ctx: RequestContext,
  secret: SecretRecord,
  change: Change,
  fresh: NewVersion | undefined,
  value: PlainValue | undefined,
): Promise<void> {
  if (!change.metadata && !fresh) return;
  let stored: StoredVersion | undefined;
  try {
    stored = await d.store.transaction(async (tx) => {
      const locked = await lockLiveSecret(tx, secret.id);
      const metadata = change.metadata && {
        description: change.description === undefined ? locked.description : change.description || undefined,
        // Not the key read before the lock: a concurrent key change must not be undone.
        kmsKeyId: change.keyGiven ? change.kmsKeyId : locked.kmsKeyId,
        type: change.type ?? locked.type,
      };
      await tx.updateSecret({ ...locked, ...metadata, lastChangedAt: ctx.now });
      for (const r of change.rewrapped) {
        if (await tx.getVersion(secret.id, r.versionId)) {
          await tx.setVersionValue(secret.id, r.versionId, r.sealed, r.kind, r.kmsKeyIds);
        }
      }
      const s = fresh && (await storeVersion(d, tx, secret.id, fresh, undefined, ctx.now));
      await enqueueReplicaSync(tx, locked);
      return s;
    });
  } catch (e) {
    if (!(e instanceof VersionRaced) || !fresh || !value) throw e;
    // Another request stored this token first (nothing of ours committed): with the same value
    // this call is its retry, whose metadata still applies; with another it is refused.
    await raceWinner(d, secret, fresh.versionId, value);
    return commit(d, ctx, secret, change, undefined, value);
  }
  if (stored) await announcePruned(d, secret, stored.pruned, ctx.now);
}
