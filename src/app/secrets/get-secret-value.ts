import { Errors } from '../../domain/errors.js';
import { AWSCURRENT, type SecretRecord, type VersionRecord } from '../../domain/secret.js';
import { startOfUtcDay } from '../../lib/clock.js';
import { Sensitive } from '../../lib/sensitive.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';
import { openValue } from './value.js';

export type GetSecretValueQuery = { secretId: string; versionId?: string; versionStage?: string };

export type SecretValueResult = {
  arn: string;
  name: string;
  versionId: string;
  stages: string[];
  createdAt: number;
  string?: Sensitive<string>;
  binary?: Sensitive<Buffer>;
};

/**
 * Picks the version by id, by stage, or AWSCURRENT; when both id and stage are given the
 * version must carry the stage. An empty placeholder (rotation's AWSPENDING before
 * createSecret) has no value and reads as not found.
 */
export async function pickVersion(
  d: SecretsDeps,
  secret: SecretRecord,
  q: Omit<GetSecretValueQuery, 'secretId'>,
): Promise<VersionRecord> {
  if (q.versionId !== undefined) {
    const v = await d.store.getVersion(secret.id, q.versionId);
    if (!v?.sealed) throw Errors.versionIdNotFound(q.versionId);
    if (q.versionStage !== undefined && !v.stages.includes(q.versionStage)) {
      throw Errors.invalidRequest('You provided a VersionStage that is not associated to the provided VersionId.');
    }
    return v;
  }
  const stage = q.versionStage ?? AWSCURRENT;
  const v = await d.store.getVersionByStage(secret.id, stage);
  if (!v?.sealed) throw Errors.stageNotFound(stage);
  return v;
}

export async function getSecretValue(
  d: SecretsDeps,
  ctx: RequestContext,
  q: GetSecretValueQuery,
): Promise<SecretValueResult> {
  const secret = await authorizedSecret(d, ctx, q.secretId, 'secretsmanager:GetSecretValue', {
    'secretsmanager:VersionId': q.versionId,
    'secretsmanager:VersionStage': q.versionStage,
  });
  assertNotDeleted(secret);
  const version = await pickVersion(d, secret, q);
  const value = await openValue(d, secret, version, ctx);
  const day = startOfUtcDay(ctx.now);
  if (version.lastAccessedAt !== day || secret.lastAccessedAt !== day) {
    await d.store.touchLastAccessed(secret.id, version.versionId, day);
  }
  const out: SecretValueResult = {
    arn: secret.arn,
    name: secret.name,
    versionId: version.versionId,
    stages: version.stages,
    createdAt: version.createdAt,
  };
  if (value.kind === 'string') {
    out.string = new Sensitive(value.bytes.toString('utf8'));
    value.bytes.fill(0);
  } else {
    out.binary = new Sensitive(value.bytes);
  }
  return out;
}
