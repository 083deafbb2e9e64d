import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica } from '../replication/guards.js';
import { assertRotationToken } from '../rotation/rotation-token.js';
import type { SecretsDeps } from './deps.js';
import { authorizeSealing, sealingKeyOf } from './kms-key.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';
import { requireToken } from './token.js';
import { plainValue, type SecretValueInput } from './value.js';
import { writeVersion } from './write-version.js';

export type PutSecretValueCommand = {
  secretId: string;
  token?: string;
  value: SecretValueInput;
  stages?: string[];
  rotationToken?: string;
};

export type PutSecretValueResult = { arn: string; name: string; versionId: string; stages: string[] };

export async function putSecretValue(
  d: SecretsDeps,
  ctx: RequestContext,
  c: PutSecretValueCommand,
): Promise<PutSecretValueResult> {
  requireToken(c.token, 'InvalidRequestException');
  const secret = await authorizedSecret(d, ctx, c.secretId, 'secretsmanager:PutSecretValue');
  assertNotReplica(secret);
  assertNotDeleted(secret);
  if (secret.owningService) throw Errors.managedByService();
  const value = plainValue(c.value);
  if (!value) throw Errors.invalidRequest('You must provide either SecretString or SecretBinary.');
  try {
    await assertRotationToken(d.store, ctx.principal, secret, c.token, c.rotationToken, ctx.now);
    // The key is looked up once: the one checked here is the one that seals.
    const key = await sealingKeyOf(d, secret, ctx.now);
    await authorizeSealing(d, ctx, secret, key, c.token);
    const w = await writeVersion(d, secret, key, c.token, value, c.stages, ctx.now);
    return { arn: secret.arn, name: secret.name, versionId: w.versionId, stages: w.stages };
  } finally {
    value.bytes.fill(0);
  }
}
