import { Errors } from '../../domain/errors.js';
import { labelsForNewVersion } from '../../domain/labels.js';
import { isValidSecretName } from '../../domain/names.js';
import type { ReplicaStatus, SecretRecord, Tag } from '../../domain/secret.js';
import { mergeTags, validateTags } from '../../domain/tags.js';
import type { RequestContext } from '../context.js';
import {
  type ReplicaRegionInput,
  regionsOf,
  validateReplicaRegions,
  withReplicaRegions,
} from '../replication/regions.js';
import type { SecretsDeps } from './deps.js';
import { acceptKmsKey, chooseKmsKey, sealingKey, validateKeyAccess } from './kms-key.js';
import { newSecretArn } from './lookup.js';
import { requireToken } from './token.js';
import { plainValue, type SecretValueInput, sameValue, sealWith } from './value.js';

export type CreateSecretCommand = {
  name: string;
  token?: string;
  description?: string;
  kmsKeyId?: string;
  value: SecretValueInput;
  tags?: Tag[];
  type?: string;
  /** Replicas to create once the secret exists (asynchronously, by the replication worker). */
  addReplicaRegions?: ReplicaRegionInput[];
  forceOverwriteReplicaSecret?: boolean;
};

export type CreateSecretResult = {
  arn: string;
  name: string;
  versionId?: string;
  /** Present when replicas were requested: every region InProgress at this point. */
  replicationStatus?: ReplicaStatus[];
};

export async function createSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  c: CreateSecretCommand,
): Promise<CreateSecretResult> {
  if (!isValidSecretName(c.name)) throw Errors.invalidName();
  const value = plainValue(c.value);
  if (value) requireToken(c.token, 'InvalidRequestException');
  const arnGuess = `arn:aws:secretsmanager:${ctx.region}:${ctx.principal.accountId}:secret:${c.name}`;
  // KmsKeyId is looked up once: the key the condition judges is the key checked and sealing.
  const choice = await chooseKmsKey(d, ctx, c.kmsKeyId);
  await d.authorize(ctx, {
    action: 'secretsmanager:CreateSecret',
    resource: arnGuess,
    conditions: {
      'secretsmanager:Name': c.name,
      'secretsmanager:KmsKeyArn': choice.conditionArn,
      'secretsmanager:Description': c.description,
      'secretsmanager:AddReplicaRegions': c.addReplicaRegions && regionsOf(c.addReplicaRegions),
      'secretsmanager:ForceOverwriteReplicaSecret': c.forceOverwriteReplicaSecret,
    },
  });
  // The ARN is chosen now so that the key checks see the secret's ARN (kms:EncryptionContext:SecretARN).
  const arn = newSecretArn(d, ctx, c.name);
  const customerKey = await acceptKmsKey(d, ctx, choice, arn);
  const kmsKeyId = customerKey ? c.kmsKeyId : undefined;
  const tags = c.tags ? mergeTags([], c.tags) : undefined;
  if (tags) validateTags(tags);
  if (c.addReplicaRegions) await validateReplicaRegions(d, ctx, c.addReplicaRegions);
  const replicas = withReplicaRegions([], c.addReplicaRegions ?? []);

  const existing = await d.store.findByName(ctx.principal.accountId, ctx.region, c.name);
  if (existing) return retryOrConflict(d, existing, c, value);

  const secret: SecretRecord = {
    id: d.ids.uuid(),
    accountId: ctx.principal.accountId,
    region: ctx.region,
    name: c.name,
    arn,
    description: c.description || undefined,
    kmsKeyId,
    createdAt: ctx.now,
    lastChangedAt: ctx.now,
    rotationEnabled: false,
    tags,
    type: c.type,
    primaryRegion: replicas.length ? ctx.region : undefined,
    replicas,
  };
  const versionId = value ? c.token! : undefined;
  const key = customerKey || value ? await sealingKey(d, secret, customerKey) : undefined;
  if (key) await validateKeyAccess(d, secret, key, ctx);
  const sealed = key && value && versionId ? sealWith(d, key, secret, versionId, value) : undefined;
  try {
    await d.store.transaction(async (tx) => {
      await tx.insertSecret(secret);
      if (sealed && versionId && value) {
        await tx.insertVersion({
          secretId: secret.id,
          versionId,
          createdAt: ctx.now,
          stages: [],
          kmsKeyIds: sealed.kmsKeyIds,
          sealed: sealed.sealed,
          kind: value.kind,
        });
        await tx.setStages(secret.id, labelsForNewVersion(new Map(), versionId, undefined));
      }
      if (replicas.length)
        await tx.enqueueReplication(secret.id, c.forceOverwriteReplicaSecret ? regionsOf(replicas) : []);
    });
  } catch (e) {
    // Another request created the same name between our read and our insert: if it was this one
    // (same token and value, e.g. a retry that reached another node), it succeeds as a retry.
    const winner = await d.store.findByName(ctx.principal.accountId, ctx.region, c.name);
    if (winner) return await retryOrConflict(d, winner, c, value);
    throw e;
  } finally {
    value?.bytes.fill(0);
  }
  return { arn: secret.arn, name: secret.name, versionId, replicationStatus: replicas.length ? replicas : undefined };
}

/** A CreateSecret retried with the same token and value succeeds with the first answer. */
async function retryOrConflict(
  d: SecretsDeps,
  existing: SecretRecord,
  c: CreateSecretCommand,
  value: ReturnType<typeof plainValue>,
): Promise<CreateSecretResult> {
  if (existing.deletedAt !== undefined) throw Errors.nameScheduledForDeletion();
  if (c.token && value) {
    const version = await d.store.getVersion(existing.id, c.token);
    if (version?.sealed && (await sameValue(d, existing, version, value))) {
      const replicationStatus = existing.replicas.length ? existing.replicas : undefined;
      return { arn: existing.arn, name: existing.name, versionId: c.token, replicationStatus };
    }
  }
  throw Errors.secretExists(c.name);
}
