import { Errors } from '../../domain/errors.js';
import { type CompiledPolicy, isPublicPolicy, PolicySyntaxError, parsePolicy } from '../../policy/index.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica, enqueueReplicaSync } from '../replication/guards.js';
import type { SecretsDeps } from './deps.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';

/**
 * Storage of a secret's resource policy. The policy engine (src/policy) checks the syntax and,
 * with BlockPublicPolicy, refuses a policy that grants broad access (catalog decision 15); a
 * refused policy leaves the stored one untouched. The length limit (20,480) is the model's.
 */
export function checkResourcePolicy(text: string, blockPublic: boolean): void {
  let compiled: CompiledPolicy;
  try {
    compiled = parsePolicy(text, 'resource');
  } catch (e) {
    if (e instanceof PolicySyntaxError) throw Errors.resourcePolicySyntax(e.message);
    throw e;
  }
  if (blockPublic && isPublicPolicy(compiled)) throw Errors.publicPolicy();
}

export async function getResourcePolicy(d: SecretsDeps, ctx: RequestContext, secretId: string) {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:GetResourcePolicy');
  return { arn: secret.arn, name: secret.name, policy: secret.resourcePolicy };
}

export async function putResourcePolicy(
  d: SecretsDeps,
  ctx: RequestContext,
  secretId: string,
  policy: string,
  blockPublic?: boolean,
) {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:PutResourcePolicy', {
    'secretsmanager:BlockPublicPolicy': blockPublic === true,
  });
  assertNotReplica(secret);
  assertNotDeleted(secret);
  checkResourcePolicy(policy, blockPublic === true);
  await setPolicy(d, secret.id, policy, ctx.now);
  return { arn: secret.arn, name: secret.name };
}

export async function deleteResourcePolicy(d: SecretsDeps, ctx: RequestContext, secretId: string) {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:DeleteResourcePolicy');
  assertNotReplica(secret);
  assertNotDeleted(secret);
  await setPolicy(d, secret.id, undefined, ctx.now);
  return { arn: secret.arn, name: secret.name };
}

async function setPolicy(d: SecretsDeps, id: string, policy: string | undefined, now: number) {
  await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(id);
    if (!locked) throw Errors.secretNotFound();
    await tx.updateSecret({ ...locked, resourcePolicy: policy, lastChangedAt: now });
    await enqueueReplicaSync(tx, locked);
  });
}
