import { validateResourcePolicy as validatePolicy } from '../../policy/index.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { authorizedSecret } from './lookup.js';

/**
 * ValidateResourcePolicy: the policy engine's syntax, broad-access and lock-out checks. Nothing
 * is stored. With a SecretId the secret must exist and the call is authorized on it; without
 * one it is authorized on "*".
 */
export async function validateResourcePolicy(d: SecretsDeps, ctx: RequestContext, policy: string, secretId?: string) {
  const action = 'secretsmanager:ValidateResourcePolicy';
  if (secretId !== undefined) await authorizedSecret(d, ctx, secretId, action);
  else await d.authorize(ctx, { action, resource: '*' });
  const r = validatePolicy(policy);
  return { passed: r.passed, errors: r.errors };
}
