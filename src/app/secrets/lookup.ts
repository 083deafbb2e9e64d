import { formatSecretArn, looksLikeFullArnResource, parseSecretArn } from '../../domain/arn.js';
import { Errors } from '../../domain/errors.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';

/** Characters AWS accepts in a SecretId given as a name ('!' appears in managed secrets' names). */
const SECRET_ID_NAME_RE = /^[A-Za-z0-9/_+=.@!-]+$/;

export function assertValidSecretId(secretId: string): void {
  if (secretId.startsWith('arn:')) return;
  if (!SECRET_ID_NAME_RE.test(secretId)) throw Errors.invalidName();
}

/**
 * Finds a secret by name, full ARN or partial ARN. As in AWS, an ARN whose last segment ends in
 * '-' + 6 characters is taken as a full ARN only: a partial ARN of a name that itself ends like a
 * suffix does not resolve (the documented pitfall).
 */
export async function findSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  secretId: string,
): Promise<SecretRecord | undefined> {
  assertValidSecretId(secretId);
  if (!secretId.startsWith('arn:')) return d.store.findByName(ctx.principal.accountId, ctx.region, secretId);
  const arn = parseSecretArn(secretId);
  if (!arn || arn.region !== ctx.region) return undefined;
  const full = await d.store.findByArn(secretId);
  if (full || looksLikeFullArnResource(arn.resource)) return full;
  return d.store.findByName(arn.accountId, arn.region, arn.resource);
}

/** The resource ARN to authorize against when the secret may not exist. */
export const resourceArnFor = (ctx: RequestContext, secretId: string, found?: SecretRecord): string =>
  found?.arn ??
  (secretId.startsWith('arn:')
    ? secretId
    : `arn:aws:secretsmanager:${ctx.region}:${ctx.principal.accountId}:secret:${secretId}`);

/** Looks up, authorizes and requires existence: the common prologue of operations on a secret. */
export async function authorizedSecret(
  d: SecretsDeps,
  ctx: RequestContext,
  secretId: string,
  action: string,
  conditions?: Record<string, string | string[] | boolean | number | undefined>,
): Promise<SecretRecord> {
  const secret = await findSecret(d, ctx, secretId);
  await d.authorize(ctx, { action, resource: resourceArnFor(ctx, secretId, secret), conditions, secret });
  if (!secret) throw Errors.secretNotFound();
  return secret;
}

export function assertNotDeleted(secret: SecretRecord): void {
  if (secret.deletedAt !== undefined) throw Errors.markedForDeletion();
}

export const newSecretArn = (d: SecretsDeps, ctx: RequestContext, name: string): string =>
  formatSecretArn(ctx.region, ctx.principal.accountId, name, d.ids.arnSuffix());
