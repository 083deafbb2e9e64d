import { randomUUID } from 'node:crypto';
import { generatePassword } from '../../crypto/password.js';
import type { SecretRecord } from '../../domain/secret.js';
import { Sensitive } from '../../lib/sensitive.js';
import type { Principal, RequestContext } from '../context.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { describeSecret } from '../secrets/describe-secret.js';
import { getSecretValue } from '../secrets/get-secret-value.js';
import { putSecretValue } from '../secrets/put-secret-value.js';
import { updateSecretVersionStage } from '../secrets/update-secret-version-stage.js';
import type { RotationSecretsApi } from './rotator.js';

/**
 * The service principal built-in rotators act as, like a Lambda's execution role. It is an
 * administrator until policies land (the IAM work replaces this with a scoped role).
 */
export const rotationPrincipal = (accountId: string): Principal => ({
  accountId,
  arn: `arn:aws:sts::${accountId}:assumed-role/strongroom-rotation/secretsmanager`,
  type: 'AssumedRole',
  userName: 'strongroom-rotation',
  accessKeyId: 'strongroom-rotation',
  isAdmin: true,
});

export const rotationContext = (secret: SecretRecord, now: number): RequestContext => ({
  principal: rotationPrincipal(secret.accountId),
  region: secret.region,
  requestId: randomUUID(),
  sourceIp: 'strongroom-rotation',
  secureTransport: true,
  now,
});

/**
 * RotationSecretsApi over the same use cases the AWS API runs (authorization included), bound
 * to the rotation principal in the secret's account and region. Errors are the use cases'
 * ServiceErrors (ResourceNotFoundException for a missing value, as the contract says).
 */
export function createRotationSecretsApi(d: SecretsDeps, ctx: () => RequestContext): RotationSecretsApi {
  return {
    async describeSecret(secretId) {
      const { secret, versionStages } = await describeSecret(d, ctx(), secretId);
      return {
        arn: secret.arn,
        rotationEnabled: secret.rotationEnabled,
        versionIdsToStages: Object.fromEntries(versionStages),
      };
    },
    async getSecretValue(secretId, q) {
      const v = await getSecretValue(d, ctx(), { secretId, versionId: q.versionId, versionStage: q.versionStage });
      return { versionId: v.versionId, secretString: v.string?.reveal() };
    },
    async putSecretValue(secretId, c) {
      await putSecretValue(d, ctx(), {
        secretId,
        token: c.token,
        value: { string: new Sensitive(c.secretString) },
        stages: c.stages,
        rotationToken: c.rotationToken,
      });
    },
    async updateSecretVersionStage(secretId, c) {
      await updateSecretVersionStage(d, ctx(), {
        secretId,
        stage: c.stage,
        moveTo: c.moveTo,
        removeFrom: c.removeFrom,
      });
    },
    async getRandomPassword(opts) {
      await d.authorize(ctx(), { action: 'secretsmanager:GetRandomPassword', resource: '*' });
      return generatePassword(opts);
    },
  };
}
