import { Errors } from '../../domain/errors.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { assertNotDeleted, authorizedSecret } from './lookup.js';

/** Storage and syntax of resource policies; their evaluation belongs to the policy engine. */
export function parsePolicyDocument(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw Errors.malformedPolicy('This resource policy contains an unsupported element.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !('Statement' in doc)) {
    throw Errors.malformedPolicy('This resource policy contains an unsupported element.');
  }
  return doc as Record<string, unknown>;
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
  assertNotDeleted(secret);
  parsePolicyDocument(policy);
  await setPolicy(d, secret.id, policy, ctx.now);
  return { arn: secret.arn, name: secret.name };
}

export async function deleteResourcePolicy(d: SecretsDeps, ctx: RequestContext, secretId: string) {
  const secret = await authorizedSecret(d, ctx, secretId, 'secretsmanager:DeleteResourcePolicy');
  assertNotDeleted(secret);
  await setPolicy(d, secret.id, undefined, ctx.now);
  return { arn: secret.arn, name: secret.name };
}

async function setPolicy(d: SecretsDeps, id: string, policy: string | undefined, now: number) {
  await d.store.transaction(async (tx) => {
    const locked = await tx.lockSecret(id);
    if (!locked) throw Errors.secretNotFound();
    await tx.updateSecret({ ...locked, resourcePolicy: policy, lastChangedAt: now });
  });
}
